import type { JobView } from '@panel/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { jobView, webAppView } from '../../test/fixtures';
import { fakeApi, json, renderAt } from '../../test/renderApp';

const domain = 'alice.apps.example.test';
const app = webAppView({
  domain,
  lastReloadedAt: '2025-01-02T10:00:00.000Z',
  staticFiles: [{ id: 1, url: '/static/', path: '/home/alice/mysite/static' }],
});

const reloadJob = (status: JobView['status'], error: string | null = null): JobView => jobView({ id: 'r1', status, error });

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Web tab', () => {
  it('opens the first app, reloads it and shows why the reload failed', async () => {
    const failure = 'Reload failed: the new version stopped before it answered. The previous version keeps serving.';
    const api = fakeApi(({ method, url }) => {
      if (url === '/api/webapps') return json(200, [app]);
      if (url === '/api/environments') return json(200, []);
      if (method === 'POST' && url === `/api/webapps/${domain}/reload`) return json(201, reloadJob('queued'));
      if (url === '/api/jobs/r1') return json(200, reloadJob('failed', failure));
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    const router = renderAt('/web');

    const reload = await screen.findByRole('button', { name: `Reload ${domain}` });
    expect(router.state.location.pathname).toBe(`/web/${domain}`);
    const link = screen.getAllByRole('link', { name: domain }).find((a) => a.getAttribute('target') === '_blank')!;
    expect(link.getAttribute('href')).toBe(app.url);
    // The address with its port, and "Open site", both links to it.
    expect(screen.getByRole('link', { name: app.url }).getAttribute('href')).toBe(app.url);
    expect(screen.getByRole('link', { name: 'Open site' }).getAttribute('target')).toBe('_blank');
    expect(screen.getByText('Changes take effect when you reload the web app.')).toBeTruthy();

    fireEvent.click(reload);
    expect((await screen.findByTestId('reload-result', {}, { timeout: 3000 })).textContent).toMatch(/Reloading|Reload failed/);
    await screen.findByText(failure, {}, { timeout: 3000 });
    expect(api.requests.some((r) => r.method === 'POST' && r.url === `/api/webapps/${domain}/reload`)).toBe(true);
  });

  it("saves only what changed and shows the server's message next to the section", async () => {
    const mismatch = 'The virtualenv /home/alice/.virtualenvs/mysite-env uses Python 3.11, but the web app uses Python 3.13.';
    const api = fakeApi(({ method, url }) => {
      if (url === '/api/webapps') return json(200, [app]);
      if (url === '/api/environments') return json(200, []);
      if (method === 'PATCH') return json(400, { statusCode: 400, error: 'Bad Request', message: mismatch });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt(`/web/${domain}`);

    const code = await screen.findByRole('region', { name: 'Code' });
    fireEvent.change(within(code).getByLabelText('Python version'), { target: { value: '3.13' } });
    fireEvent.click(within(code).getByRole('button', { name: 'Save code settings' }));
    expect((await within(code).findByRole('alert')).textContent).toBe(mismatch);
    expect(api.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ pythonVersion: '3.13' });
  });

  it('asks for the site user of a comment board and sends it', async () => {
    let created = false;
    const api = fakeApi(({ method, url }) => {
      if (url === '/api/webapps' && method === 'GET') return json(200, created ? [app] : []);
      if (url === '/api/webapps' && method === 'POST') {
        created = true;
        return json(201, { webapp: app, job: { ...reloadJob('queued'), name: 'webapp.quickstart' } });
      }
      if (url === '/api/environments') return json(200, []);
      if (url === '/api/jobs/r1') return json(200, { ...reloadJob('running'), name: 'webapp.quickstart' });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    const router = renderAt('/web');

    fireEvent.click(await screen.findByRole('button', { name: 'Add a new web app' }));
    expect((screen.getByLabelText('Domain') as HTMLInputElement).value).toBe(domain);
    expect((screen.getByLabelText('Source directory') as HTMLInputElement).value).toBe('/home/alice/mysite');
    fireEvent.click(screen.getByRole('radio', { name: /Comment board/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create web app' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/site user name and password/);

    fireEvent.change(screen.getByLabelText('Site user name'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('Site user password'), { target: { value: 'secret123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create web app' }));

    await screen.findByText(`Setting up ${domain}…`);
    expect(router.state.location.pathname).toBe(`/web/${domain}`);
    expect(screen.getByTestId('job-output')).toBeTruthy();
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({
      domain,
      template: 'comment-board',
      pythonVersion: '3.11',
      sourceDirectory: '/home/alice/mysite',
      initialUser: { username: 'admin', password: 'secret123' },
    });
  });

  it('a custom domain shows the DNS records to add, and Check DNS says why it is not verified yet', async () => {
    const custom = 'blog.alice.example.org';
    const unverified = webAppView({
      domain: custom,
      domainVerification: { verified: false, verifiedAt: null, cnameTarget: domain, txtRecord: { name: `_panel-verify.${custom}`, value: 'panel-0123' } },
    });
    const why = `${custom} is not verified yet. Add a CNAME record from ${custom} to ${domain}.`;
    const api = fakeApi(({ method, url }) => {
      if (url === '/api/webapps') return json(200, [unverified]);
      if (url === '/api/environments') return json(200, []);
      if (method === 'POST' && url === `/api/webapps/${custom}/verify-domain`) return json(409, { statusCode: 409, error: 'Conflict', message: why });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt(`/web/${custom}`);

    await screen.findByText('Domain not verified yet');
    expect(screen.getByText(`_panel-verify.${custom}`)).toBeTruthy();
    expect(screen.getByText('panel-0123')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Check DNS' }));
    expect((await screen.findByText(why)).textContent).toBe(why);
    expect(api.requests.some((r) => r.method === 'POST' && r.url === `/api/webapps/${custom}/verify-domain`)).toBe(true);
  });
});

describe("Web tab's WSGI file", () => {
  it('opens in the same code editor as the Files tab and saves what it holds', async () => {
    const wsgi = { path: app.wsgiFile, content: 'from flask_app import app as application\n' };
    const api = fakeApi(({ method, url }) => {
      if (url === '/api/webapps') return json(200, [app]);
      if (url === '/api/environments') return json(200, []);
      if (method === 'GET' && url === `/api/webapps/${domain}/wsgi`) return json(200, wsgi);
      if (method === 'PUT' && url === `/api/webapps/${domain}/wsgi`) return json(200, wsgi);
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt(`/web/${domain}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit WSGI file' }));
    const editor = await screen.findByTestId('code-editor');
    await waitFor(() => expect(editor.textContent).toContain('from flask_app import app as application'));
    fireEvent.click(screen.getByRole('button', { name: 'Save WSGI file' }));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'PUT' && r.url === `/api/webapps/${domain}/wsgi`)).toBe(true));
    expect(api.requests.find((r) => r.method === 'PUT')!.body).toEqual({ content: wsgi.content });
  });
});

describe("Web tab's static files", () => {
  it('warns beside a mapping whose folder does not exist, and not beside one that does', async () => {
    const withTwo = webAppView({
      domain,
      staticFiles: [
        { id: 1, url: '/static/', path: '/home/alice/mysite/static' },
        { id: 2, url: '/media/', path: '/home/alice/mysite/media' },
      ],
    });
    const api = fakeApi(({ url }) => {
      if (url === '/api/webapps') return json(200, [withTwo]);
      if (url === '/api/environments') return json(200, []);
      if (url === `/api/files?path=${encodeURIComponent('/home/alice/mysite/static')}`)
        return json(200, { path: '/home/alice/mysite/static', parent: '/home/alice/mysite', entries: [], total: 0, nextCursor: null });
      if (url === `/api/files?path=${encodeURIComponent('/home/alice/mysite/media')}`)
        return json(404, { statusCode: 404, error: 'Not Found', message: '/home/alice/mysite/media does not exist.', code: 'HOME_NOT_FOUND' });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt(`/web/${domain}`);
    const warning = await screen.findByText('This folder does not exist: requests under /media/ get "not found" until you create it.');
    expect(warning).toBeTruthy();
    expect(screen.queryByText(/requests under \/static\//)).toBeNull();
  });
});
