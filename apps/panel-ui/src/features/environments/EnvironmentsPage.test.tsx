import { JobName, type EnvironmentView } from '@panel/contracts';
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { jobView } from '../../test/fixtures';
import { fakeApi, json, renderAt } from '../../test/renderApp';

const env = (over: Partial<EnvironmentView>): EnvironmentView => ({
  name: 'mysite-env',
  pythonVersion: '3.11',
  path: '/home/alice/.virtualenvs/mysite-env',
  status: 'ready',
  sizeBytes: 23 * 1024 * 1024,
  packageCount: 6,
  measuredAt: new Date(Date.now() - 3 * 60_000).toISOString(),
  usedBy: ['alice.apps.example.test'],
  lastJobId: 'j0',
  createdAt: '2025-01-02T10:00:00.000Z',
  ...over,
});

const buildJob = jobView({
  name: JobName.EnvironmentBuild,
  status: 'running',
  resourceKey: 'environment:1:flaskenv',
  nodeId: null,
  progress: { done: 2, total: 6 },
  startedAt: '2025-01-02T10:00:01.000Z',
});

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Environments tab', () => {
  it('lists environments and builds a new one, showing the job with its progress bar', async () => {
    const api = fakeApi(({ method, url }) => {
      if (method === 'GET' && url === '/api/environments') return json(200, [env({})]);
      if (method === 'POST' && url === '/api/environments') {
        return json(201, { environment: env({ name: 'flaskenv', status: 'building', sizeBytes: null, packageCount: null, measuredAt: null, usedBy: [] }), job: buildJob });
      }
      if (url === '/api/jobs/j1') return json(200, buildJob);
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/environments');

    const table = await screen.findByRole('table', { name: 'Environments' });
    const row = within(table).getByRole('link', { name: 'mysite-env' }).closest('tr')!;
    expect(row.textContent).toContain('Python 3.11');
    expect(row.textContent).toContain('23 MiB');
    expect(row.textContent).toContain('measured 3 minutes ago');
    expect(row.textContent).toContain('alice.apps.example.test');
    expect(within(row).getByText('Ready')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'bad name' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create environment' }));
    expect(await screen.findByText(/An environment name has 1 to 64/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'flaskenv' } });
    fireEvent.change(screen.getByLabelText('Python version'), { target: { value: '3.13' } });
    fireEvent.change(screen.getByLabelText('Requirements'), { target: { value: 'flask\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create environment' }));

    const bar = await screen.findByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('2');
    expect(bar.getAttribute('aria-valuemax')).toBe('6');
    const post = api.requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ name: 'flaskenv', pythonVersion: '3.13', requirements: 'flask\n' });
  });

  it('says how many jobs are ahead of a queued build, and the limit when the queue is full', async () => {
    const queuedJob = { ...buildJob, status: 'queued' as const, startedAt: null, progress: null };
    let full = false;
    const api = fakeApi(({ method, url }) => {
      if (method === 'GET' && url === '/api/environments') return json(200, []);
      if (method === 'POST' && url === '/api/environments') {
        if (full) return json(429, { statusCode: 429, error: 'Too Many Requests', code: 'JOBS_QUEUE_FULL', message: 'You have 20 jobs queued or running, the most an account may have at once (PANEL_MAX_QUEUED_JOBS). Wait for one to finish, or cancel one, and try again.' });
        return json(201, { environment: env({ name: 'flaskenv', status: 'building', sizeBytes: null, packageCount: null, measuredAt: null, usedBy: [] }), job: queuedJob });
      }
      if (url === '/api/jobs/j1') return json(200, queuedJob);
      if (url === '/api/jobs/j1/queue') return json(200, { status: 'queued', jobsAhead: 3 });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/environments');

    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'flaskenv' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create environment' }));
    expect((await screen.findByTestId('jobs-ahead')).textContent).toBe('3 jobs ahead of yours');

    full = true;
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'another' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create environment' }));
    expect((await screen.findByText(/the most an account may have at once/)).textContent).toContain('20 jobs');
  });

  it('shows pip freeze, and the message of a refused delete', async () => {
    const api = fakeApi(({ method, url }) => {
      if (url === '/api/environments') return json(200, [env({})]);
      if (url === '/api/environments/mysite-env/freeze') {
        return json(200, { packages: [{ name: 'Flask', version: '2.2.2' }], text: 'Flask==2.2.2\n' });
      }
      if (url === '/api/environments/mysite-env/jobs') return json(200, []);
      if (method === 'DELETE') {
        return json(409, {
          statusCode: 409,
          error: 'Conflict',
          message: 'The environment "mysite-env" is used by the web app alice.apps.example.test. Change its virtualenv first.',
        });
      }
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/environments/mysite-env');

    expect((await screen.findByTestId('pip-freeze')).textContent).toBe('Flask==2.2.2\n');
    expect(screen.getByText(/Use it in a bash console with/).textContent).toContain('workon mysite-env');
    expect(screen.getByRole('button', { name: 'Uninstall Flask' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Delete environment' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect((await within(screen.getByRole('dialog')).findByRole('alert')).textContent).toContain('used by the web app alice.apps.example.test');
  });
});
