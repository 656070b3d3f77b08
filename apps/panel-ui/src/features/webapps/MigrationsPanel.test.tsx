import { JobName, type JobView, type MigrationStatusView } from '@panel/contracts';
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { jobView, webAppView } from '../../test/fixtures';
import { fakeApi, json, renderAt } from '../../test/renderApp';

const domain = 'alice.apps.example.test';
const app = webAppView({ domain, runMigrationsOnReload: true, logs: { access: 'a', error: 'e', server: 's' } });

const status: MigrationStatusView = {
  configured: true,
  directory: '/home/alice/mysite/migrations',
  flaskApp: 'flask_app',
  revisions: [
    { revision: '1111aaaa2222', downRevision: null, message: 'create users', file: 'versions/1111_create_users.py', applied: true, current: true, head: false },
    { revision: '9e2b6d4f1a03', downRevision: '1111aaaa2222', message: 'add email', file: 'versions/9e2b_add_email.py', applied: false, current: false, head: true },
  ],
  heads: ['9e2b6d4f1a03'],
  current: '1111aaaa2222',
  currentRevisions: ['1111aaaa2222'],
  currentReadAt: '2025-01-02T10:00:00.000Z',
  database: {
    state: 'read',
    message: null,
    dialect: 'mysql',
    database: 'alice$comments',
    readAt: '2025-01-02T10:00:00.000Z',
    jobId: 'old1',
    how: "read from the alembic_version table of the mysql database alice$comments, with the app's own database URL, by job old1",
  },
  pending: ['9e2b6d4f1a03'],
  history: [
    { jobId: 'old1', action: 'generate', detail: 'add email', status: 'succeeded', createdAt: '2025-01-02T09:00:00.000Z', finishedAt: '2025-01-02T09:00:05.000Z', error: null },
  ],
};

const failure = 'Upgrade failed at revision 9e2b6d4f1a03 (add email): column "email" already exists.';
const job = (id: string, over: Partial<JobView> = {}): JobView => jobView({ id, name: JobName.WebAppMigrate, ...over });

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Database migrations', () => {
  it('shows the revisions, upgrades with a live log and asks before a downgrade', async () => {
    const api = fakeApi(({ method, url, body }) => {
      if (url === '/api/webapps') return json(200, [app]);
      if (url === '/api/environments') return json(200, []);
      if (url === `/api/webapps/${domain}/migrations` && method === 'GET') return json(200, status);
      if (url === `/api/webapps/${domain}/migrations` && method === 'POST') {
        const action = (body as { action: string }).action;
        if (action === 'upgrade') return json(201, job('m1'));
        return json(400, { statusCode: 400, error: 'Bad Request', message: 'Another migration job is running on this web app.' });
      }
      if (url === '/api/jobs/m1') return json(200, job('m1', { status: 'failed', error: failure }));
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt(`/web/${domain}`);

    const card = await screen.findByRole('region', { name: 'Database migrations' });
    expect((within(card).getByLabelText('Run migrations on reload') as HTMLInputElement).checked).toBe(true);
    await within(card).findByText('/home/alice/mysite/migrations');
    expect(within(card).getByTestId('migrations-current').textContent).toBe('1111aaaa2222');
    expect(within(card).getByRole('status').textContent).toMatch(/1 pending migration: 9e2b6d4f1a03/);
    const revisions = within(card).getByRole('table', { name: 'Revisions, oldest first' });
    const rows = within(revisions).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-revision'))).toEqual(['1111aaaa2222', '9e2b6d4f1a03']);
    expect(rows[0]!.textContent).toMatch(/✓ Applied.*Current/);
    expect(rows[1]!.textContent).toMatch(/Pending.*Head/);
    expect(within(card).queryByRole('button', { name: 'Init migrations' })).toBeNull();
    expect(within(card).getByRole('table', { name: 'Migration history' }).textContent).toMatch(/Generate.*add email.*Succeeded/);

    fireEvent.click(within(card).getByRole('button', { name: 'Upgrade to head' }));
    await within(card).findByText(failure, {}, { timeout: 3000 });
    expect(within(card).getByText('Upgrade to head', { selector: '.job-log-title' })).toBeTruthy();
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ action: 'upgrade', revision: 'head' });

    fireEvent.change(within(card).getByLabelText('Chosen revision'), { target: { value: 'base' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Downgrade to revision' }));
    const dialog = screen.getByRole('dialog', { name: 'Downgrade the database?' });
    expect(dialog.textContent).toMatch(/with their data/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Downgrade' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Another migration job is running on this web app.');
    expect(api.requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({ action: 'downgrade', revision: 'base', confirm: true });
  });

  it('offers init and adopt when migrations are not set up', async () => {
    const bare: MigrationStatusView = { ...status, configured: false, revisions: [], heads: [], current: null, currentRevisions: [], currentReadAt: null, pending: [], history: [] };
    const api = fakeApi(({ method, url }) => {
      if (url === '/api/webapps') return json(200, [app]);
      if (url === '/api/environments') return json(200, []);
      if (url === `/api/webapps/${domain}/migrations` && method === 'GET') return json(200, bare);
      if (url === `/api/webapps/${domain}/migrations` && method === 'POST') return json(201, job('m2'));
      if (url === '/api/jobs/m2') return json(200, job('m2', { status: 'running' }));
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt(`/web/${domain}`);

    const card = await screen.findByRole('region', { name: 'Database migrations' });
    await within(card).findByText(/Not set up/);
    expect(within(card).queryByRole('button', { name: 'Upgrade to head' })).toBeNull();
    expect(within(card).getByText(/db.create_all\(\)/)).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Adopt existing database' }));
    await within(card).findByText('Adopt existing database', { selector: '.job-log-title' });
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ action: 'adopt' });
    expect((within(card).getByRole('button', { name: 'Init migrations' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('Refresh reads the database again and the status follows; an unreachable database says so, with no stale revision', async () => {
    const downgraded: MigrationStatusView = {
      ...status,
      current: null,
      currentRevisions: [],
      currentReadAt: null,
      pending: [],
      revisions: status.revisions.map((r) => ({ ...r, applied: null, current: false })),
      database: {
        state: 'unreachable',
        message: "Could not connect to the database mysql+pymysql://alice:***@mysql.panel.internal/alice$comments: (2003, \"Can't connect\")",
        dialect: 'mysql',
        database: 'alice$comments',
        readAt: '2025-01-02T11:00:00.000Z',
        jobId: 'r1',
        how: 'job r1 could not read the mysql database alice$comments',
      },
    };
    let refreshed = false;
    const api = fakeApi(({ method, url }) => {
      if (url === '/api/webapps') return json(200, [app]);
      if (url === '/api/environments') return json(200, []);
      if (url === `/api/webapps/${domain}/migrations` && method === 'GET') return json(200, refreshed ? downgraded : status);
      if (url === `/api/webapps/${domain}/migrations/refresh` && method === 'POST') {
        refreshed = true;
        return json(201, job('r1', { status: 'queued' }));
      }
      if (url === '/api/jobs/r1') return json(200, job('r1', { status: 'succeeded' }));
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt(`/web/${domain}`);

    const card = await screen.findByRole('region', { name: 'Database migrations' });
    await within(card).findByText('/home/alice/mysite/migrations');
    expect(within(card).getByTestId('migrations-current').textContent).toBe('1111aaaa2222');
    expect(within(card).getByTestId('migrations-read-how').textContent).toMatch(/^Read from the alembic_version table of the mysql database alice\$comments/);
    fireEvent.click(within(card).getByRole('button', { name: 'Refresh' }));
    await within(card).findByText('Unknown: the database could not be reached', {}, { timeout: 3000 });
    expect(api.requests.some((r) => r.method === 'POST' && r.url === `/api/webapps/${domain}/migrations/refresh`)).toBe(true);
    expect(within(card).getByText('Refresh: read the database revision', { selector: '.job-log-title' })).toBeTruthy();
    const alert = within(card).getAllByRole('alert').find((a) => /could not be reached/.test(a.textContent ?? ''));
    expect(alert?.textContent).toMatch(/Can't connect/);
    const rows = within(within(card).getByRole('table', { name: 'Revisions, oldest first' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringMatching(/Unknown/), expect.stringMatching(/Unknown/)]);
    expect(rows.some((r) => /Current/.test(r.textContent ?? ''))).toBe(false);
  });

  it('several heads: every revision the database is at is named current; not under migrations says so', async () => {
    const branched: MigrationStatusView = {
      ...status,
      revisions: [
        ...status.revisions.map((r) => ({ ...r, applied: true, current: r.revision === '9e2b6d4f1a03' })),
        { revision: 'b7a7a7a7a7a7', downRevision: '1111aaaa2222', message: 'a branch', file: 'versions/b7_branch.py', applied: true, current: true, head: true },
      ],
      heads: ['9e2b6d4f1a03', 'b7a7a7a7a7a7'],
      current: null,
      currentRevisions: ['9e2b6d4f1a03', 'b7a7a7a7a7a7'],
      pending: [],
    };
    const api = fakeApi(({ method, url }) => {
      if (url === '/api/webapps') return json(200, [app]);
      if (url === '/api/environments') return json(200, []);
      if (url === `/api/webapps/${domain}/migrations` && method === 'GET') return json(200, branched);
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt(`/web/${domain}`);
    const card = await screen.findByRole('region', { name: 'Database migrations' });
    await within(card).findByText('/home/alice/mysite/migrations');
    expect(within(card).getByTestId('migrations-current').textContent).toBe('9e2b6d4f1a03, b7a7a7a7a7a7');
    expect(within(card).getByTestId('migrations-heads').textContent).toMatch(/9e2b6d4f1a03.*b7a7a7a7a7a7/);
    const rows = within(within(card).getByRole('table', { name: 'Revisions, oldest first' })).getAllByRole('row').slice(1);
    expect(rows.filter((r) => /Current/.test(r.textContent ?? '')).map((r) => r.getAttribute('data-revision'))).toEqual(['9e2b6d4f1a03', 'b7a7a7a7a7a7']);
  });
});
