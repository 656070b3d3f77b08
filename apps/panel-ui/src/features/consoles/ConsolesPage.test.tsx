import type { ConsoleView } from '@panel/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { fakeApi, json, renderAt } from '../../test/renderApp';
import { consoleSocketUrl, describeClose, reconnectDelay } from './consoleSocket';

// xterm.js needs a real browser (canvas, layout): the e2e test drives it in Chromium.
vi.mock('./ConsoleTerminal', () => ({ ConsoleTerminal: ({ consoleId }: { consoleId: number }) => <div data-testid="console-terminal">terminal {consoleId}</div> }));

const view = (over: Partial<ConsoleView>): ConsoleView => ({
  id: 3,
  name: 'Bash console',
  kind: 'bash',
  pythonVersion: '3.11',
  database: null,
  executable: 'bash',
  arguments: '',
  workingDirectory: '/home/alice',
  nodeId: 'node-1',
  state: 'running',
  exitStatus: null,
  endedReason: null,
  url: '/consoles/3',
  createdAt: '2025-01-02T10:00:00.000Z',
  ...over,
});

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Consoles tab', () => {
  it('lists the consoles, starts a bash console and opens it in its own page', async () => {
    const api = fakeApi(({ method, url }) => {
      if (method === 'GET' && url === '/api/consoles') return json(200, [view({}), view({ id: 4, name: 'MySQL: alice$default', kind: 'mysql', database: 'alice$default', state: 'exited' })]);
      if (method === 'POST' && url === '/api/consoles') return json(201, view({ id: 9 }));
      if (method === 'GET' && url === '/api/consoles/9') return json(200, view({ id: 9 }));
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    const router = renderAt('/consoles');

    const table = await screen.findByRole('table', { name: 'Your consoles' });
    const mysqlRow = within(table).getByRole('link', { name: 'MySQL: alice$default' }).closest('tr')!;
    expect(mysqlRow.textContent).toContain('Exited');
    expect(mysqlRow.textContent).toContain('alice$default');

    fireEvent.click(screen.getByRole('button', { name: 'Bash' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/consoles/9'));
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ kind: 'bash' });
    expect(await screen.findByTestId('console-terminal')).toBeTruthy();
  });

  it('a database console is held until its engine is initialized, with a link to do it', async () => {
    const engine = (name: 'mysql' | 'postgres', initialized: boolean) => ({
      engine: name, available: true, problem: null, initialized, host: `${name}.panel.internal`, port: 1, username: 'alice',
      credentialsFile: '/home/alice/.pgpass', maxConnections: 20, defaultDatabase: 'alice$default', databases: [],
    });
    const api = fakeApi(({ url }) => {
      if (url === '/api/consoles') return json(200, []);
      if (url === '/api/databases') return json(200, { mysql: engine('mysql', true), postgres: engine('postgres', false) });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/consoles');
    const link = await screen.findByRole('link', { name: 'Initialize PostgreSQL' });
    expect(link.getAttribute('href')).toBe('/databases');
    expect((screen.getByRole('button', { name: 'PostgreSQL' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'MySQL' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByRole('link', { name: 'Initialize MySQL' })).toBeNull();
  });

  it('renames and kills a console', async () => {
    let consoles = [view({})];
    const api = fakeApi(({ method, url, body }) => {
      if (method === 'GET' && url === '/api/consoles') return json(200, consoles);
      if (method === 'PATCH' && url === '/api/consoles/3') {
        consoles = [view({ name: (body as { name: string }).name })];
        return json(200, consoles[0]);
      }
      if (method === 'DELETE' && url === '/api/consoles/3') {
        consoles = [];
        return json(204, undefined);
      }
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/consoles');

    fireEvent.click(await screen.findByRole('button', { name: 'Rename Bash console' }));
    fireEvent.change(screen.getByLabelText('Console name'), { target: { value: 'migrations' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('link', { name: 'migrations' })).toBeTruthy();

    // Destructive actions look the same on every tab: the danger style.
    expect(screen.getByRole('button', { name: 'Kill' }).className).toContain('btn-danger');
    fireEvent.click(screen.getByRole('button', { name: 'Kill' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Kill console' }));
    expect(await screen.findByText('You have no consoles. Start one above.')).toBeTruthy();
    expect(api.requests.some((r) => r.method === 'DELETE' && r.url === '/api/consoles/3')).toBe(true);
  });

  it('a custom console needs a command; the server error is shown', async () => {
    const api = fakeApi(({ method, url }) => {
      if (method === 'GET' && url === '/api/consoles') return json(200, []);
      if (method === 'POST' && url === '/api/consoles') {
        return json(403, { statusCode: 403, error: 'Forbidden', message: 'You already have 5 consoles, the most an account may have (5).' });
      }
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/consoles');
    const start = await screen.findByRole('button', { name: 'Start custom console' });
    expect((start as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Command'), { target: { value: 'workon myenv && python' } });
    fireEvent.click(start);
    expect((await screen.findByRole('alert')).textContent).toContain('You already have 5 consoles');
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ kind: 'custom', command: 'workon myenv && python', pythonVersion: '3.11' });
  });

  it('says so when a console does not exist', async () => {
    vi.stubGlobal('fetch', fakeApi(() => undefined).fetch);
    renderAt('/consoles/77');
    expect((await screen.findByRole('alert')).textContent).toContain('There is no such console');
  });
});

describe('console socket helpers', () => {
  it('builds the socket URL on the page origin', () => {
    expect(consoleSocketUrl({ protocol: 'https:', host: 'panel.example.com' }, 5, 100, 30)).toBe('wss://panel.example.com/api/consoles/5/ws?cols=100&rows=30');
    expect(consoleSocketUrl({ protocol: 'http:', host: 'localhost:3000' }, 1, 80, 24)).toBe('ws://localhost:3000/api/consoles/1/ws?cols=80&rows=24');
  });

  it('reconnects after restarts and blips, not after a kill', () => {
    expect(describeClose(4000, 'The console was killed.')).toEqual({ reconnect: false, message: 'The console was killed.' });
    expect(describeClose(1012, '').reconnect).toBe(true);
    expect(describeClose(1006, '').reconnect).toBe(true);
    expect(describeClose(4008, '').reconnect).toBe(true);
    expect(reconnectDelay(0)).toBe(250);
    expect(reconnectDelay(10)).toBe(5000);
  });
});
