import type { ConsoleView, DatabaseEngineView, DatabasesOverview } from '@panel/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { fakeApi, json, renderAt } from '../../test/renderApp';

vi.mock('../consoles/ConsoleTerminal', () => ({ ConsoleTerminal: ({ consoleId }: { consoleId: number }) => <div data-testid="console-terminal">terminal {consoleId}</div> }));

const engine = (over: Partial<DatabaseEngineView>): DatabaseEngineView => ({
  engine: 'mysql',
  available: true,
  problem: null,
  initialized: true,
  host: 'mysql.panel.internal',
  port: 3306,
  username: 'alice',
  credentialsFile: '/home/alice/.my.cnf',
  maxConnections: 20,
  defaultDatabase: 'alice$default',
  databases: [
    { engine: 'mysql', name: 'alice$comments', sizeBytes: 48 * 1024 },
    { engine: 'mysql', name: 'alice$default', sizeBytes: 0 },
  ],
  ...over,
});

const overview = (mysql: Partial<DatabaseEngineView>, postgres: Partial<DatabaseEngineView> = {}): DatabasesOverview => ({
  mysql: engine(mysql),
  postgres: engine({ engine: 'postgres', host: 'postgres.panel.internal', port: 5432, credentialsFile: '/home/alice/.pgpass', initialized: false, databases: [], ...postgres }),
});

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Databases tab', () => {
  it('initializes MySQL with a password entered twice, then shows how to connect', async () => {
    let initialized = false;
    const api = fakeApi(({ method, url }) => {
      if (method === 'GET' && url === '/api/databases') return json(200, overview(initialized ? {} : { initialized: false, databases: [] }));
      if (method === 'POST' && url === '/api/databases/mysql/initialize') {
        initialized = true;
        return json(201, engine({ databases: [{ engine: 'mysql', name: 'alice$default', sizeBytes: 0 }] }));
      }
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/databases');

    await screen.findByRole('heading', { name: 'Initialize MySQL' });
    fireEvent.change(screen.getByLabelText('New MySQL password'), { target: { value: 'a good password' } });
    fireEvent.change(screen.getByLabelText('New MySQL password (again)'), { target: { value: 'a good passw0rd' } });
    fireEvent.click(screen.getByRole('button', { name: 'Initialize MySQL' }));
    expect(await screen.findByText(/without spaces/, { selector: '.field-error' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('New MySQL password'), { target: { value: 'good-password' } });
    fireEvent.change(screen.getByLabelText('New MySQL password (again)'), { target: { value: 'other-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Initialize MySQL' }));
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.change(screen.getByLabelText('New MySQL password (again)'), { target: { value: 'good-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Initialize MySQL' }));
    const connection = await screen.findByLabelText('MySQL connection');
    expect(connection.textContent).toContain('mysql.panel.internal');
    expect(connection.textContent).toContain('3306');
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ password: 'good-password', confirmPassword: 'good-password' });
    expect(screen.getAllByTestId('database-command').map((c) => c.textContent)).toContain("mysql 'alice$comments'");
  });

  it('creates a database after checking its name, and deletes one only once its name is typed', async () => {
    const databases = engine({}).databases;
    const api = fakeApi(({ method, url }) => {
      if (method === 'GET' && url === '/api/databases') return json(200, overview({ databases: [...databases] }));
      if (method === 'POST' && url === '/api/databases/mysql') {
        databases.push({ engine: 'mysql', name: 'alice$dummyempty', sizeBytes: 0 });
        return json(201, { engine: 'mysql', name: 'alice$dummyempty', sizeBytes: 0 });
      }
      if (method === 'DELETE' && url === '/api/databases/mysql/alice%24comments') return json(204, undefined);
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/databases');

    const table = await screen.findByRole('table', { name: 'MySQL databases' });
    const row = within(table).getByRole('button', { name: 'alice$comments' }).closest('tr')!;
    expect(row.textContent).toContain('48 KiB');

    fireEvent.change(screen.getByLabelText('Database name'), { target: { value: "bad'name" } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText(/"'" is not allowed in a database name: use letters/, { selector: '.field-error' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Database name'), { target: { value: 'dummyempty' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await within(table).findByRole('button', { name: 'alice$dummyempty' })).toBeTruthy();
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'dummyempty' });

    // Destructive actions look the same on every tab: the danger style.
    expect(within(row).getByRole('button', { name: 'Delete' }).className).toContain('btn-danger');
    fireEvent.click(within(row).getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Delete database' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText(/Type/), { target: { value: 'alice$comment' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText(/Type/), { target: { value: 'alice$comments' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.requests.some((r) => r.method === 'DELETE' && r.url === '/api/databases/mysql/alice%24comments')).toBe(true);
  });

  it('opens a MySQL console on a database from its name', async () => {
    const console: ConsoleView = {
      id: 7,
      name: 'MySQL: alice$comments',
      kind: 'mysql',
      pythonVersion: '3.11',
      database: 'alice$comments',
      executable: 'mysql',
      arguments: '',
      workingDirectory: '/home/alice',
      nodeId: 'n1',
      state: 'running',
      exitStatus: null,
      endedReason: null,
      url: '/consoles/7',
      createdAt: '2025-01-02T10:00:00.000Z',
    };
    const api = fakeApi(({ method, url }) => {
      if (method === 'GET' && url === '/api/databases') return json(200, overview({}));
      if (method === 'POST' && url === '/api/consoles') return json(201, console);
      if (url === '/api/consoles/7') return json(200, console);
      if (url === '/api/consoles') return json(200, [console]);
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/databases');
    fireEvent.click(await screen.findByRole('button', { name: 'alice$comments' }));
    expect(await screen.findByTestId('console-terminal')).toBeTruthy();
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ kind: 'mysql', database: 'alice$comments' });
  });

  it('shows the PostgreSQL tab with its own state', async () => {
    const api = fakeApi(({ method, url }) => (method === 'GET' && url === '/api/databases' ? json(200, overview({})) : undefined));
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/databases?engine=postgres');
    expect(await screen.findByRole('heading', { name: 'Initialize PostgreSQL' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'PostgreSQL' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.click(screen.getByRole('tab', { name: 'MySQL' }));
    expect(await screen.findByRole('table', { name: 'MySQL databases' })).toBeTruthy();
  });
});
