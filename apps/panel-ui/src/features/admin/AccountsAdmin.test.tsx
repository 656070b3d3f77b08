import { JobName, type AdminAccountView, type SessionView } from '@panel/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { jobView } from '../../test/fixtures';
import { fakeApi, json, renderAt, testSession } from '../../test/renderApp';

const adminSession: SessionView = { ...testSession, account: { ...testSession.account, role: 'admin' } };

const row = (over: Partial<AdminAccountView>): AdminAccountView => ({
  id: 2,
  username: 'bob',
  role: 'user',
  uid: 10002,
  createdAt: '2025-01-01T00:00:00.000Z',
  disabledAt: null,
  webapps: 1,
  consoles: 2,
  diskBytes: 3 * 1024 * 1024,
  homeNodeId: 'n1',
  ...over,
});

function adminApi(extra: (request: { method: string; url: string; body: unknown }) => Response | undefined = () => undefined) {
  const api = fakeApi((request) => {
    if (request.url === '/api/nodes') return json(200, []);
    const answer = extra(request);
    if (answer) return answer;
    if (request.url.startsWith('/api/admin/accounts?')) {
      const search = new URL(request.url, 'http://x').searchParams.get('search');
      const all = [row({ id: 1, username: 'alice', role: 'admin' }), row({}), row({ id: 3, username: 'carol', disabledAt: '2025-01-03T00:00:00.000Z' })];
      const accounts = search ? all.filter((a) => a.username.includes(search)) : all;
      return json(200, { accounts, total: accounts.length, page: 1, pageSize: 20 });
    }
    if (request.url === '/api/admin/settings') return json(200, { signupEnabled: true });
    if (request.url.startsWith('/api/admin/audit?'))
      return json(200, { entries: [{ id: 1, actorUsername: 'alice', action: 'account.disable', targetUsername: 'carol', detail: '1 web app(s) stopped, 0 console(s) ended', createdAt: '2025-01-03T00:00:00.000Z' }], total: 1, page: 1, pageSize: 15 });
    return undefined;
  });
  // The admin's own session.
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => (String(input) === '/api/auth/session' ? json(200, adminSession) : api.fetch(input, init)));
  return { fetch, requests: api.requests };
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Admin page: accounts', () => {
  it('lists accounts with their usage and state, searches, and shows the audit log', async () => {
    const api = adminApi();
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/admin');
    const table = await screen.findByRole('table', { name: 'Accounts' });
    const bob = within(table).getByText('bob').closest('tr')!;
    expect(within(bob).getByText('3.0 MiB')).toBeTruthy();
    expect(within(bob).getByText('Enabled')).toBeTruthy();
    const carol = within(table).getByText('carol').closest('tr')!;
    expect(within(carol).getByText('Disabled')).toBeTruthy();
    expect(within(carol).getByRole('button', { name: 'Enable carol' })).toBeTruthy();
    expect(within(within(table).getByText('alice').closest('tr')!).getByText('You')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Search accounts'), { target: { value: 'car' } });
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Accounts' })).queryByText('bob')).toBeNull());
    expect(api.requests.some((r) => r.url === '/api/admin/accounts?search=car&page=1&pageSize=20')).toBe(true);

    const audit = await screen.findByRole('table', { name: 'Audit log' });
    expect(within(audit).getByText('Disabled')).toBeTruthy();
    expect(within(audit).getByText('1 web app(s) stopped, 0 console(s) ended')).toBeTruthy();
  });

  it('disables after a confirmation, and shows a reset password once', async () => {
    const api = adminApi(({ method, url }) => {
      if (method === 'POST' && url === '/api/admin/accounts/2/disable') return json(200, row({ disabledAt: '2025-01-04T00:00:00.000Z' }));
      if (method === 'POST' && url === '/api/admin/accounts/2/password') return json(200, { account: row({}), password: 'Xy12-abcDEF_ghij' });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/admin');
    fireEvent.click(await screen.findByRole('button', { name: 'Disable bob' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/its files, databases and settings stay/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST' && r.url === '/api/admin/accounts/2/disable')).toBe(true));

    fireEvent.click(await screen.findByRole('button', { name: 'Reset the password of bob' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Reset password' }));
    expect((await screen.findByTestId('one-time-password')).textContent).toBe('Xy12-abcDEF_ghij');
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByTestId('one-time-password')).toBeNull());
  });

  it('deletes an account only once its username is typed exactly, and says its files are being removed', async () => {
    const api = adminApi(({ method, url }) => {
      if (method === 'DELETE' && url === '/api/admin/accounts/2')
        return json(202, { username: 'bob', job: jobView({ id: 'del1', name: JobName.AccountDelete, title: 'Delete the account bob' }) });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/admin');
    fireEvent.click(await screen.findByRole('button', { name: 'Delete bob' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/MySQL and PostgreSQL databases and users/)).toBeTruthy();
    const submit = within(dialog).getByRole('button', { name: 'Delete account' }) as HTMLButtonElement;
    const input = within(dialog).getByLabelText(/to confirm/);
    fireEvent.change(input, { target: { value: 'bo' } });
    expect(submit.disabled).toBe(true);
    fireEvent.submit(dialog);
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
    fireEvent.change(input, { target: { value: 'bob' } });
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() => expect(api.requests.find((r) => r.method === 'DELETE' && r.url === '/api/admin/accounts/2')?.body).toEqual({ confirm: 'bob' }));
    expect(await screen.findByText(/Delete the account bob/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // Yourself has no Delete button.
    expect(screen.queryByRole('button', { name: 'Delete alice' })).toBeNull();
  });

  it('creates an account and turns sign-up off', async () => {
    const api = adminApi(({ method, url }) => {
      if (method === 'POST' && url === '/api/admin/accounts') return json(201, { account: row({ id: 9, username: 'dave' }), password: 'pw-made-once-123' });
      if (method === 'PUT' && url === '/api/admin/settings') return json(200, { signupEnabled: false });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/admin');
    fireEvent.change(await screen.findByLabelText('New username'), { target: { value: 'dave' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByTestId('one-time-password')).textContent).toBe('pw-made-once-123');
    expect(api.requests.find((r) => r.method === 'POST' && r.url === '/api/admin/accounts')!.body).toEqual({ username: 'dave', role: 'user' });

    const signup = await screen.findByLabelText('Anyone may sign up');
    expect((signup as HTMLInputElement).checked).toBe(true);
    fireEvent.click(signup);
    await waitFor(() => expect(api.requests.find((r) => r.method === 'PUT' && r.url === '/api/admin/settings')?.body).toEqual({ signupEnabled: false }));
  });

  it("lists every account's jobs, filters by state and cancels an unfinished one", async () => {
    const queued = { ...jobView({ id: 'q1', status: 'queued', title: 'Reload bob.apps.example.test' }), username: 'bob' };
    const done = { ...jobView({ id: 'd1', status: 'succeeded', title: 'Build env (Python 3.11)' }), username: 'carol' };
    const api = adminApi(({ method, url }) => {
      if (method === 'GET' && url.startsWith('/api/admin/jobs?')) {
        const status = new URL(url, 'http://x').searchParams.get('status');
        const jobs = [queued, done].filter((j) => !status || j.status === status);
        return json(200, { jobs, total: jobs.length, page: 1, pageSize: 20 });
      }
      if (method === 'POST' && url === '/api/admin/jobs/q1/cancel') return json(200, { ...queued, status: 'cancelled' });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/admin');
    const table = await screen.findByRole('table', { name: 'Jobs of every account' });
    expect(within(within(table).getByText('Build env (Python 3.11)').closest('tr')!).getByText('carol')).toBeTruthy();
    expect(within(within(table).getByText('Build env (Python 3.11)').closest('tr')!).queryByRole('button')).toBeNull();
    fireEvent.click(within(table).getByRole('button', { name: 'Cancel Reload bob.apps.example.test' }));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST' && r.url === '/api/admin/jobs/q1/cancel')).toBe(true));

    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'queued' } });
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Jobs of every account' })).queryByText('Build env (Python 3.11)')).toBeNull());
    expect(api.requests.some((r) => r.url === '/api/admin/jobs?page=1&pageSize=20&status=queued')).toBe(true);
  });
});
