import type { SessionView } from '@panel/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../api';
import { createQueryClient } from './queryClient';
import { routes } from './router';

const session: SessionView = {
  account: { id: 1, username: 'alice', role: 'user', uid: 10001, createdAt: '2025-01-01T00:00:00.000Z' },
  csrfToken: 'csrf-abc',
  signupEnabled: true,
  appsDomain: 'apps.example.test',
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fake API: no session until a login with password "right". */
function fakeApi({ signedIn = false, role = 'user', signupEnabled = true }: { signedIn?: boolean; role?: 'user' | 'admin'; signupEnabled?: boolean } = {}) {
  const me: SessionView = { ...session, signupEnabled, account: { ...session.account, role } };
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === '/api/settings') return json(200, { signupEnabled, appsDomain: session.appsDomain });
    if (url === '/api/auth/session') {
      return signedIn ? json(200, me) : json(401, { statusCode: 401, error: 'Unauthorized', message: 'You are not logged in.' });
    }
    if (url === '/api/auth/login') {
      const body = JSON.parse(String(init?.body)) as { password: string };
      if (body.password !== 'right') {
        return json(401, { statusCode: 401, error: 'Unauthorized', message: 'Wrong username or password.' });
      }
      signedIn = true;
      return json(200, me);
    }
    if (url === '/api/auth/sign-out-everywhere' && init?.method === 'POST') {
      signedIn = false;
      return new Response(null, { status: 204 });
    }
    if (url === '/api/account/tokens') return json(200, []);
    if (url.startsWith('/api/jobs')) return json(200, []);
    if (url === '/api/nodes') {
      return json(200, [
        {
          id: 'vm',
          hostname: 'vm.local',
          dockerEndpoint: 'unix:///var/run/docker.sock',
          capacity: { cpus: 4, memoryBytes: 8 * 1024 ** 3 },
          lastHeartbeatAt: new Date().toISOString(),
          online: true,
          state: 'active',
          images: ['panel-python:3.9', 'panel-python:3.11', 'panel-python:3.13'],
          accounts: 3,
          webapps: 2,
          consoles: 1,
          drain: null,
          queuedJobs: 0,
          loadAverage: 0.5,
        },
      ]);
    }
    if (url.startsWith('/api/admin/accounts?')) {
      const account = { ...me.account, disabledAt: null, webapps: 1, consoles: 0, diskBytes: 2048, homeNodeId: 'vm' };
      return json(200, { accounts: [account], total: 1, page: 1, pageSize: 20 });
    }
    if (url === '/api/admin/settings') return json(200, { signupEnabled });
    if (url.startsWith('/api/admin/audit?')) return json(200, { entries: [], total: 0, page: 1, pageSize: 15 });
    if (url.startsWith('/api/admin/jobs?')) return json(200, { jobs: [], total: 0, page: 1, pageSize: 20 });
    return json(404, { statusCode: 404, error: 'Not Found', message: `No route for ${url}` });
  });
}

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe('signing in', () => {
  let fetchMock: ReturnType<typeof fakeApi>;

  beforeEach(() => {
    fetchMock = fakeApi();
    vi.stubGlobal('fetch', fetchMock);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('sends a visitor without a session to /login, which links to sign-up', async () => {
    const router = renderAt('/');
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect((await screen.findByRole('link', { name: 'Create an account' })).getAttribute('href')).toBe('/signup');
  });

  it('shows the server message in an alert, then signs in and lands on the dashboard', async () => {
    const router = renderAt('/login');
    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'alice' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong username or password.');

    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));

    expect(await screen.findByRole('heading', { name: 'Welcome, alice' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/');
    expect(screen.getByText('alice.apps.example.test')).toBeTruthy();
    for (const tab of ['Dashboard', 'Consoles', 'Environments', 'Files', 'Web', 'Databases']) {
      expect(screen.getByRole('link', { name: tab })).toBeTruthy();
    }
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Log out' })).toBeTruthy();
    expect(await screen.findByText(/No jobs yet/)).toBeTruthy();
  });
});

describe('pages', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('signs out everywhere after a confirmation and lands on the login page', async () => {
    const fetchMock = fakeApi({ signedIn: true });
    vi.stubGlobal('fetch', fetchMock);
    renderAt('/account');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out everywhere and revoke tokens' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out everywhere' }));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(fetchMock.mock.calls.some(([url, init]) => String(url) === '/api/auth/sign-out-everywhere' && init?.method === 'POST')).toBe(true);
  });

  it('tells visitors when sign-up is disabled, and the login page does not link to it', async () => {
    vi.stubGlobal('fetch', fakeApi({ signupEnabled: false }));
    renderAt('/signup');
    expect(await screen.findByText(/Sign-up is disabled on this platform/)).toBeTruthy();
    expect(screen.queryByLabelText('Username')).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: 'Log in' }));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Create an account' })).toBeNull();
  });

  it('shows admins the Admin link and the nodes and accounts tables', async () => {
    vi.stubGlobal('fetch', fakeApi({ signedIn: true, role: 'admin' }));
    renderAt('/admin');
    expect(await screen.findByText('vm.local')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Admin' })).toBeTruthy();
    expect(screen.getByText('Online')).toBeTruthy();
    expect(screen.getByText('8.0 GiB')).toBeTruthy();
    expect(screen.getByText('Active')).toBeTruthy();
    expect(screen.getByText('3 accounts, 2 web apps, 1 consoles, 0 jobs queued; load 0.50')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cordon' })).toBeTruthy();
    expect(document.title, 'the tab says which page this is').toBe('Admin — Panel');
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#main');
    expect(screen.queryByRole('button', { name: 'Remove' }), 'an online node cannot be removed').toBeNull();
    expect(await screen.findByRole('heading', { name: 'Accounts' })).toBeTruthy();
  });
});
