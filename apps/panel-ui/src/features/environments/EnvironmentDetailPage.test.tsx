import { JobName, type EnvironmentView } from '@panel/contracts';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { jobView } from '../../test/fixtures';
import { fakeApi, json, renderAt } from '../../test/renderApp';

const env = (over: Partial<EnvironmentView>): EnvironmentView =>
  ({
    name: 'mysite-env',
    pythonVersion: '3.11',
    path: '/home/alice/.virtualenvs/mysite-env',
    status: 'ready',
    sizeBytes: 1024,
    packageCount: 6,
    measuredAt: null,
    usedBy: [],
    lastJobId: 'b1',
    createdAt: '2025-01-02T10:00:00.000Z',
    ...over,
  }) as EnvironmentView;

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe("an environment's page", () => {
  it('coming back while an install runs shows its live log again', async () => {
    const install = jobView({ id: 'i1', name: JobName.EnvironmentInstall, status: 'running', resourceKey: 'environment:1:mysite-env', title: 'Install flask into mysite-env' });
    const api = fakeApi(({ url }) => {
      if (url === '/api/environments') return json(200, [env({})]);
      if (url === '/api/environments/mysite-env/freeze') return json(200, { packages: [], text: '' });
      if (url === '/api/environments/mysite-env/jobs') return json(200, [install, jobView({ id: 'b1', name: JobName.EnvironmentBuild, status: 'succeeded' })]);
      if (url === '/api/jobs/i1') return json(200, install);
      if (url === '/api/jobs/i1/log') return new Response('Collecting flask\n', { status: 200, headers: { 'content-type': 'text/plain' } });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/environments/mysite-env');
    expect(await screen.findByText('Current job')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByText('Install flask into mysite-env').length).toBeGreaterThan(0));
    // Its status is followed, so the forms stay held until it ends.
    await waitFor(() => expect(api.requests.some((r) => r.url === '/api/jobs/i1')).toBe(true));
  });

  it("a build's heading follows its job: Built once it succeeded, though the environment row still says building", async () => {
    const build = jobView({ id: 'b1', name: JobName.EnvironmentBuild, status: 'succeeded', title: 'Build mysite-env (Python 3.11)' });
    const api = fakeApi(({ url }) => {
      if (url === '/api/environments') return json(200, [env({ status: 'building' })]);
      if (url === '/api/environments/mysite-env/jobs') return json(200, [build]);
      if (url === '/api/jobs/b1') return json(200, build);
      if (url === '/api/jobs/b1/log') return new Response('done\n', { status: 200, headers: { 'content-type': 'text/plain' } });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/environments/mysite-env');
    expect(await screen.findByRole('heading', { name: 'Built' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Building' })).toBeNull();
  });
});
