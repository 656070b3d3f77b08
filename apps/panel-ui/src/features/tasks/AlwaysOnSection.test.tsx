import type { AlwaysOnTaskView } from '@panel/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { fakeApi, json, renderAt } from '../../test/renderApp';

const task = (over: Partial<AlwaysOnTaskView> = {}): AlwaysOnTaskView => ({
  id: 3,
  command: 'python3 bot.py',
  description: 'chat bot',
  enabled: true,
  state: 'running',
  workingDirectory: '/home/alice',
  virtualenv: null,
  logfile: '/var/log/alwayson-log-3.log',
  restarts: 0,
  lastExitCode: null,
  message: null,
  nodeId: 'vm',
  stateChangedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Tasks tab: always-on tasks', () => {
  it('creates one, shows its state, its log, and pauses it', async () => {
    let tasks: AlwaysOnTaskView[] = [];
    const api = fakeApi(({ method, url, body }) => {
      if (url === '/api/tasks') return json(200, []);
      if (method === 'GET' && url === '/api/always-on') return json(200, tasks);
      if (method === 'POST' && url === '/api/always-on') {
        tasks = [task({ command: (body as { command: string }).command, state: 'starting' })];
        return json(201, tasks[0]);
      }
      if (method === 'GET' && url === '/api/always-on/3/log') return json(200, { log: '--- starting ---\nbot online\n', size: 28 });
      if (method === 'PATCH' && url === '/api/always-on/3') {
        tasks = [task({ enabled: false, state: 'paused' })];
        return json(200, tasks[0]);
      }
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/tasks');
    expect(await screen.findByText('You have no always-on tasks.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Always-on command'), { target: { value: 'python3 bot.py' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create always-on task' }));
    const table = await screen.findByRole('table', { name: 'Always-on tasks' });
    await waitFor(() => expect(within(table).getByText('Starting')).toBeTruthy());
    expect(api.requests.find((r) => r.method === 'POST' && r.url === '/api/always-on')?.body).toMatchObject({ command: 'python3 bot.py', workingDirectory: null });

    fireEvent.click(within(table).getByRole('button', { name: 'Log' }));
    const log = await screen.findByTestId('always-on-log');
    await waitFor(() => expect(log.textContent).toContain('bot online'));

    fireEvent.click(within(table).getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(within(table).getByText('Paused')).toBeTruthy());
    expect(within(table).getByRole('button', { name: 'Restart' }).hasAttribute('disabled')).toBe(true);
  }, 20_000);

  it('says a crashing task keeps exiting, with its last exit code', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi(({ url }) => {
        if (url === '/api/tasks') return json(200, []);
        if (url === '/api/always-on') return json(200, [task({ state: 'crashing', restarts: 6, lastExitCode: 4 })]);
        return undefined;
      }).fetch,
    );
    renderAt('/tasks');
    const table = await screen.findByRole('table', { name: 'Always-on tasks' });
    expect(within(table).getByText('Crashing')).toBeTruthy();
    expect(within(table).getByText('Last exit code 4')).toBeTruthy();
    expect(within(table).getByText('6')).toBeTruthy();
  }, 20_000);
});
