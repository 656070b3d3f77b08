import type { AccountUsageView, ConsoleView, DatabasesOverview, EnvironmentView, FileEntryView } from '@panel/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { jobView, webAppView } from '../../test/fixtures';
import { fakeApi, json, renderAt } from '../../test/renderApp';

vi.mock('../consoles/ConsoleTerminal', () => ({ ConsoleTerminal: ({ consoleId }: { consoleId: number }) => <div data-testid="console-terminal">terminal {consoleId}</div> }));

const console = (over: Partial<ConsoleView>): ConsoleView => ({
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
  url: '/consoles/3',
  createdAt: '2025-01-02T10:00:00.000Z',
  // Fields being added elsewhere at the time of writing; extra keys are dropped by older schemas.
  endedReason: null,
  ...over,
}) as ConsoleView;

const file = (path: string): FileEntryView => ({ name: path.split('/').pop()!, path, type: 'file', size: 10, modifiedAt: '2025-01-02T10:00:00.000Z', symlinkTarget: null });

const env = {
  name: 'mysite-env',
  pythonVersion: '3.11',
  path: '/home/alice/.virtualenvs/mysite-env',
  status: 'ready',
  sizeBytes: 1000,
  packageCount: 12,
  usedBy: [],
  lastJobId: null,
  createdAt: null,
  measuredAt: null,
} as EnvironmentView;

const engine = (engineName: 'mysql' | 'postgres', initialized: boolean, databases: string[]) => ({
  engine: engineName,
  available: true,
  problem: null,
  initialized,
  host: `${engineName}.panel.internal`,
  port: 1,
  username: 'alice',
  credentialsFile: '/home/alice/.my.cnf',
  maxConnections: 20,
  defaultDatabase: 'alice$default',
  databases: databases.map((name) => ({ engine: engineName, name, sizeBytes: 0 })),
});

const usage: AccountUsageView = {
  disk: { usedBytes: 300 * 1024 * 1024, quotaBytes: 1024 ** 3 },
  consoles: { used: 2, limit: 5 },
  webapps: { used: 1 },
  cpu: { usedSeconds: 42.4, allowanceSeconds: 2000, periodStartedAt: '2026-12-01T04:30:00.000Z', nextResetAt: '2026-12-02T04:30:00.000Z', throttled: false },
};

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

function overviewApi() {
  return fakeApi(({ method, url }) => {
    if (url === '/api/consoles' && method === 'GET') return json(200, [console({ id: 3, createdAt: '2025-01-01T10:00:00.000Z' }), console({ id: 4, name: 'Python 3.13 console', kind: 'python', state: 'exited' })]);
    if (url === '/api/consoles' && method === 'POST') return json(201, console({ id: 9 }));
    if (url === '/api/consoles/9') return json(200, console({ id: 9 }));
    if (url === '/api/files/recent?limit=8') return json(200, [file('/home/alice/mysite/flask_app.py'), file('/home/alice/notes.md')]);
    if (url === '/api/webapps') return json(200, [webAppView({ domain: 'alice.apps.example.test', url: 'http://alice.apps.example.test:8080/', status: 'running' })]);
    if (url === '/api/environments') return json(200, [env]);
    if (url === '/api/databases')
      return json(200, { mysql: engine('mysql', true, ['alice$default', 'alice$comments']), postgres: engine('postgres', false, []) } satisfies DatabasesOverview);
    if (url === '/api/account/usage') return json(200, usage);
    if (url.startsWith('/api/jobs?')) return json(200, [jobView({ status: 'succeeded', title: 'Install flask into mysite-env' })]);
    return undefined;
  });
}

describe('Dashboard overview', () => {
  it("lists the newest consoles first, the recent files, the web app's site with its port, environments, databases and usage", async () => {
    vi.stubGlobal('fetch', overviewApi().fetch);
    renderAt('/');

    const consoles = await screen.findByRole('list', { name: 'Recent consoles' });
    const consoleLinks = within(consoles).getAllByRole('link');
    expect(consoleLinks.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Python 3.13 console', '/consoles/4'],
      ['Bash console', '/consoles/3'],
    ]);
    expect(within(consoles).getByText('Exited')).toBeTruthy();

    const files = await screen.findByRole('list', { name: 'Recent files' });
    const fileLink = within(files).getByRole('link', { name: 'mysite/flask_app.py' });
    expect(fileLink.getAttribute('href')).toBe(`/files?edit=${encodeURIComponent('/home/alice/mysite/flask_app.py')}`);

    const apps = await screen.findByRole('list', { name: 'Web apps' });
    const site = within(apps).getByRole('link', { name: 'Open site http://alice.apps.example.test:8080/' });
    expect(site.getAttribute('href')).toBe('http://alice.apps.example.test:8080/');
    expect(site.getAttribute('target')).toBe('_blank');
    expect(within(apps).getByRole('link', { name: 'alice.apps.example.test' }).getAttribute('href')).toBe('/web/alice.apps.example.test');
    expect(within(apps).getByText('Running')).toBeTruthy();

    const envs = await screen.findByRole('list', { name: 'Environments' });
    expect(within(envs).getByRole('link', { name: 'mysite-env' }).getAttribute('href')).toBe('/environments/mysite-env');
    expect(within(envs).getByText('Python 3.11')).toBeTruthy();

    const databases = await screen.findByRole('list', { name: 'Databases' });
    expect(within(databases).getByText('2 databases')).toBeTruthy();
    expect(within(databases).getByText('alice$default, alice$comments')).toBeTruthy();
    expect(within(databases).getByRole('link', { name: 'Initialize' }).getAttribute('href')).toBe('/databases');

    expect(await screen.findByText('300 MiB of 1.0 GiB')).toBeTruthy();
    expect(screen.getByText('2 of 5')).toBeTruthy();
    expect((screen.getByRole('progressbar', { name: 'Disk' }) as HTMLProgressElement).value).toBeCloseTo(300 / 1024);
    expect(screen.getByText('42 s of 2,000 s')).toBeTruthy();
    expect(screen.getByText('Consoles and tasks count; web apps do not. Resets at 04:30 UTC.')).toBeTruthy();

    expect(await screen.findByRole('button', { name: /Install flask into mysite-env/ })).toBeTruthy();
  });

  it('"Open a Bash console" starts one and opens its page', async () => {
    const api = overviewApi();
    vi.stubGlobal('fetch', api.fetch);
    const router = renderAt('/');
    fireEvent.click(await screen.findByRole('button', { name: 'Open a Bash console' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/consoles/9'));
    expect(api.requests.find((r) => r.method === 'POST' && r.url === '/api/consoles')?.body).toEqual({ kind: 'bash' });
  });

  it('says when the account is past its CPU allowance and that nothing is stopped', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi(({ url }) => (url === '/api/account/usage' ? json(200, { ...usage, cpu: { ...usage.cpu, usedSeconds: 2010.6, throttled: true } }) : undefined)).fetch,
    );
    renderAt('/');
    expect(await screen.findByText("Past today's allowance: your consoles and tasks keep running, at a lower priority, until 04:30 UTC.")).toBeTruthy();
    expect(screen.getByText('2,011 s of 2,000 s')).toBeTruthy();
  });

  it('offers to add a web app when there is none', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi(({ url }) => (url === '/api/webapps' ? json(200, []) : undefined)).fetch,
    );
    renderAt('/');
    expect((await screen.findByRole('link', { name: 'Add a new web app' })).getAttribute('href')).toBe('/web/new');
  });
});
