import type { ScheduledTaskView, TaskRunView } from '@panel/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { fakeApi, json, renderAt } from '../../test/renderApp';
import { requestFrom, scheduleText } from './TasksPage';

const task = (over: Partial<ScheduledTaskView> = {}): ScheduledTaskView => ({
  id: 7,
  command: 'python3 scrape.py',
  description: 'nightly scrape',
  enabled: true,
  interval: 'daily',
  hour: 16,
  minute: 5,
  cron: null,
  printableTime: '16:05',
  workingDirectory: '/home/alice',
  virtualenv: null,
  timeLimitSeconds: 3600,
  logfile: '/var/log/tasklog-7.log',
  nextRunAt: '2030-01-01T16:05:00.000Z',
  lastRun: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const run = (over: Partial<TaskRunView> = {}): TaskRunView => ({
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  taskId: 7,
  trigger: 'manual',
  status: 'running',
  dueAt: null,
  startedAt: '2026-01-01T10:00:00.000Z',
  finishedAt: null,
  exitCode: null,
  durationMs: null,
  message: null,
  nodeId: 'vm',
  createdAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

/** The tab also lists always-on tasks: none here. */
const scheduledOnly = (handle: Parameters<typeof fakeApi>[0]): Parameters<typeof fakeApi>[0] => (request) => (request.url === '/api/always-on' ? json(200, []) : handle(request));

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Tasks tab', () => {
  it('says when a task runs, in UTC', () => {
    expect(scheduleText(task())).toBe('Daily at 16:05 UTC');
    expect(scheduleText(task({ interval: 'hourly', hour: null, minute: 5, printableTime: '05 minutes past' }))).toBe('Hourly at :05');
    expect(scheduleText(task({ interval: 'cron', hour: null, minute: null, cron: '*/15 * * * *' }))).toBe('Cron */15 * * * * (UTC)');
  });

  it('sends numbers as numbers and leaves out what does not belong to the frequency', () => {
    const base = { command: 'echo hi', hour: '3', minute: '30', cron: '', description: '', workingDirectory: '', virtualenv: '', timeLimitSeconds: '' };
    expect(requestFrom({ ...base, interval: 'daily' })).toEqual({ command: 'echo hi', interval: 'daily', description: '', hour: 3, minute: 30, workingDirectory: null, virtualenv: null, timeLimitSeconds: null });
    expect(requestFrom({ ...base, interval: 'hourly' })).not.toHaveProperty('hour');
    expect(requestFrom({ ...base, interval: 'cron', cron: '0 * * * 1' })).toMatchObject({ cron: '0 * * * 1' });
    expect(requestFrom({ ...base, interval: 'cron', cron: '0 * * * 1' })).not.toHaveProperty('minute');
  });

  it('creates a daily task, shows the server’s refusal when there is one, and lists the task', async () => {
    let tasks: ScheduledTaskView[] = [];
    const api = fakeApi(scheduledOnly(({ method, url, body }) => {
      if (method === 'GET' && url === '/api/tasks') return json(200, tasks);
      if (method === 'POST' && url === '/api/tasks') {
        const b = body as { command: string; workingDirectory: string | null };
        if (b.workingDirectory) return json(400, { statusCode: 400, error: 'Bad Request', code: 'TASK_WORKING_DIRECTORY_MISSING', message: 'workingDirectory: nowhere is not a folder in your home.' });
        tasks = [task({ command: b.command })];
        return json(201, tasks[0]);
      }
      return undefined;
    }));
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/tasks');
    expect(await screen.findByText('You have no scheduled tasks. Add one above.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Command'), { target: { value: 'python3 scrape.py' } });
    fireEvent.change(screen.getByLabelText('Working directory'), { target: { value: 'nowhere' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create task' }));
    expect((await screen.findByRole('alert')).textContent).toContain('nowhere is not a folder in your home.');
    fireEvent.change(screen.getByLabelText('Working directory'), { target: { value: '' } });

    fireEvent.change(screen.getByLabelText('Hour (UTC)'), { target: { value: '16' } });
    fireEvent.change(screen.getByLabelText('Minute'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create task' }));
    const table = await screen.findByRole('table', { name: 'Scheduled tasks' });
    await waitFor(() => expect(within(table).getByText('python3 scrape.py')).toBeTruthy());
    expect(within(table).getByText('Daily at 16:05 UTC')).toBeTruthy();
    const created = api.requests.filter((r) => r.method === 'POST' && r.url === '/api/tasks').at(-1)!;
    expect(created.body).toMatchObject({ command: 'python3 scrape.py', interval: 'daily', hour: 16, minute: 5 });
  }, 20_000);

  it('“Run now” shows the run and follows its output until it is over', async () => {
    let current = run();
    let reads = 0;
    const api = fakeApi(scheduledOnly(({ method, url }) => {
      if (method === 'GET' && url === '/api/tasks') return json(200, [task({ lastRun: current })]);
      if (method === 'POST' && url === '/api/tasks/7/run') return json(201, current);
      if (method === 'GET' && url === '/api/tasks/7/runs') return json(200, [current]);
      if (method === 'GET' && url.startsWith(`/api/tasks/7/runs/${current.id}/output`)) {
        const offset = Number(new URL(url, 'http://x').searchParams.get('offset'));
        reads += 1;
        if (offset === 0) return json(200, { run: current, output: 'scraping…\n', offset: 11 });
        current = run({ status: 'succeeded', exitCode: 0, finishedAt: '2026-01-01T10:00:02.000Z', durationMs: 2000 });
        return json(200, { run: current, output: offset === 11 ? 'done\n' : '', offset: 16 });
      }
      return undefined;
    }));
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/tasks');
    fireEvent.click(await screen.findByRole('button', { name: 'Run now' }));
    const output = await screen.findByTestId('task-run-output');
    await waitFor(() => expect(output.textContent).toBe('scraping…\ndone\n'), { timeout: 5000 });
    expect(reads).toBeGreaterThanOrEqual(2);
    const runs = await screen.findByRole('table', { name: 'Runs of task 7' });
    await waitFor(() => expect(within(runs).getByText('Succeeded')).toBeTruthy(), { timeout: 15000 });
  }, 20_000);

  it('disables a task and deletes it after confirming', async () => {
    let tasks = [task()];
    const api = fakeApi(scheduledOnly(({ method, url }) => {
      if (method === 'GET' && url === '/api/tasks') return json(200, tasks);
      if (method === 'PATCH' && url === '/api/tasks/7') {
        tasks = [task({ enabled: false, nextRunAt: null })];
        return json(200, tasks[0]);
      }
      if (method === 'DELETE' && url === '/api/tasks/7') {
        tasks = [];
        return json(204, undefined);
      }
      return undefined;
    }));
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/tasks');
    fireEvent.click(await screen.findByRole('button', { name: 'Disable' }));
    expect(await screen.findByText('Disabled')).toBeTruthy();
    expect(api.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ enabled: false });
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete task' }));
    expect(await screen.findByText('You have no scheduled tasks. Add one above.')).toBeTruthy();
  }, 20_000);
});
