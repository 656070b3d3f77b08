import type { NodeView, SessionView } from '@panel/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { fakeApi, json, renderAt, testSession } from '../../test/renderApp';

const adminSession: SessionView = { ...testSession, account: { ...testSession.account, role: 'admin' } };

const node = (over: Partial<NodeView>): NodeView => ({
  id: 'n1',
  hostname: 'n1.local',
  dockerEndpoint: 'unix:///var/run/docker.sock',
  capacity: { cpus: 2, memoryBytes: 8 * 1024 ** 3 },
  lastHeartbeatAt: new Date().toISOString(),
  online: true,
  state: 'active',
  images: [],
  accounts: 1,
  webapps: 1,
  consoles: 0,
  drain: null,
  queuedJobs: 2,
  loadAverage: 0.42,
  ...over,
});

function adminApi(nodes: () => NodeView[], extra: (request: { method: string; url: string }) => Response | undefined = () => undefined) {
  const api = fakeApi((request) => {
    if (request.url === '/api/nodes') return json(200, nodes());
    const answer = extra(request);
    if (answer) return answer;
    if (request.url.startsWith('/api/admin/accounts?')) return json(200, { accounts: [], total: 0, page: 1, pageSize: 20 });
    if (request.url === '/api/admin/settings') return json(200, { signupEnabled: true });
    if (request.url.startsWith('/api/admin/audit?')) return json(200, { entries: [], total: 0, page: 1, pageSize: 15 });
    return undefined;
  });
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => (String(input) === '/api/auth/session' ? json(200, adminSession) : api.fetch(input, init)));
  return { fetch, requests: api.requests };
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Admin page: nodes', () => {
  it('drains an active node, then shows it draining with what could not be moved and a Stop drain button', async () => {
    let draining = false;
    const api = adminApi(
      () => [
        node(
          draining
            ? { state: 'draining', drain: { startedAt: new Date().toISOString(), consolesEndAt: new Date(Date.now() + 300_000).toISOString(), problems: ['x.apps.test could not be moved: Reload failed'] } }
            : {},
        ),
        node({ id: 'n2', hostname: 'n2.local' }),
      ],
      ({ method, url }) => {
        if (method === 'POST' && url === '/api/nodes/n1/drain') {
          draining = true;
          return json(200, node({ state: 'draining' }));
        }
        return undefined;
      },
    );
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/admin');
    const row = (await screen.findByText('n1.local')).closest('tr')!;
    fireEvent.click(within(row).getAllByRole('button', { name: 'Drain' })[0]);
    await waitFor(() => expect(within(screen.getByText('n1.local').closest('tr')!).getByText('Draining')).toBeTruthy());
    const drained = screen.getByText('n1.local').closest('tr')!;
    expect(within(drained).getByText('x.apps.test could not be moved: Reload failed')).toBeTruthy();
    expect(within(drained).getByRole('button', { name: 'Stop drain' })).toBeTruthy();
    expect(within(drained).queryByRole('button', { name: 'Drain' })).toBeNull();
    expect(api.requests.some((r) => r.method === 'POST' && r.url === '/api/nodes/n1/drain')).toBe(true);
    expect(within(drained).getByText(/2 jobs queued; load 0\.42/)).toBeTruthy();
  });

  it('shows a down node as Down, with no Cordon or Drain', async () => {
    const api = adminApi(() => [node({ state: 'down', online: false })]);
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/admin');
    const row = (await screen.findByText('n1.local')).closest('tr')!;
    expect(within(row).getByText('Down')).toBeTruthy();
    expect(within(row).queryByRole('button', { name: 'Cordon' })).toBeNull();
    expect(within(row).queryByRole('button', { name: 'Drain' })).toBeNull();
    expect(within(row).getByRole('button', { name: 'Remove' })).toBeTruthy();
  });
});
