import type { DirectoryListingView, FileContentView } from '@panel/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { webAppView } from '../../test/fixtures';
import { json, renderAt, testSession } from '../../test/renderApp';

vi.mock('../consoles/ConsoleTerminal', () => ({ ConsoleTerminal: ({ consoleId }: { consoleId: number }) => <div data-testid="console-terminal">terminal {consoleId}</div> }));

interface Recorded {
  method: string;
  url: string;
  body: string | undefined;
  headers: Record<string, string>;
}

/** A fake API for the Files tab: bodies are kept as text (saves send the file itself, not JSON). */
function filesApi(handle: (r: Recorded) => Response | undefined) {
  const requests: Recorded[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = {
      method: init?.method ?? 'GET',
      url: String(input),
      body: init?.body === undefined ? undefined : String(init.body),
      headers: (init?.headers ?? {}) as Record<string, string>,
    };
    requests.push(request);
    if (request.url === '/api/auth/session') return json(200, testSession);
    if (request.url === '/api/files/usage') return json(200, { usedBytes: 5 * 1024 * 1024, quotaBytes: 1024 ** 3, computedAt: '2025-01-02T10:00:00.000Z' });
    const answer = handle(request);
    if (answer) return answer;
    if (request.url.startsWith('/api/jobs')) return json(200, []);
    return json(404, { statusCode: 404, error: 'Not Found', message: `No route for ${request.method} ${request.url}` });
  });
  vi.stubGlobal('fetch', fetch);
  return requests;
}

const entry = (name: string, type: 'file' | 'directory', size = 10) => ({
  name,
  path: `/home/alice/${name}`,
  type,
  size,
  modifiedAt: '2025-01-02T10:00:00.000Z',
  symlinkTarget: null,
});

const homeListing: DirectoryListingView = {
  path: '/home/alice',
  parent: null,
  entries: [entry('mysite', 'directory', 4096), entry('.bashrc', 'file'), entry('notes.md', 'file', 2048)],
  total: 3,
  nextCursor: null,
};

const webapp = webAppView({ domain: 'alice.apps.example.test', sourceDirectory: '/home/alice/mysite' });

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Files tab', () => {
  it('lists the home with sizes, hides dotfiles until asked, shows the disk usage', async () => {
    filesApi(({ url }) => (url === `/api/files?path=${encodeURIComponent('/home/alice')}` ? json(200, homeListing) : undefined));
    renderAt('/files');
    const table = await screen.findByRole('table');
    expect(within(table).getByRole('link', { name: 'mysite/' }).getAttribute('href')).toBe(`/files?path=${encodeURIComponent('/home/alice/mysite')}`);
    expect(within(table).getByRole('link', { name: 'notes.md' }).getAttribute('href')).toBe(`/files?edit=${encodeURIComponent('/home/alice/notes.md')}`);
    expect(within(table).getByText('2.0 KiB')).toBeTruthy();
    expect(within(table).queryByText('.bashrc')).toBeNull();
    fireEvent.click(screen.getByLabelText(/Show hidden files/));
    expect(within(table).getByText('.bashrc')).toBeTruthy();
    expect(await screen.findByText(/5\.0 MiB/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Download folder (.tar.gz)' }).getAttribute('href')).toBe(`/api/files/download?path=${encodeURIComponent('/home/alice')}`);
  });

  it('loads a big folder a page at a time: Show more asks for the page after the cursor', async () => {
    const home = encodeURIComponent('/home/alice');
    const firstPage = Array.from({ length: 500 }, (_, i) => entry(`f${String(i).padStart(4, '0')}.txt`, 'file'));
    const requests = filesApi(({ url }) => {
      if (url === `/api/files?path=${home}`) return json(200, { path: '/home/alice', parent: null, entries: firstPage, total: 501, nextCursor: 'CURSOR-1' });
      if (url === `/api/files?path=${home}&after=CURSOR-1`) return json(200, { path: '/home/alice', parent: null, entries: [entry('last.txt', 'file')], total: 501, nextCursor: null });
      return undefined;
    });
    renderAt('/files');
    const table = await screen.findByRole('table');
    expect(within(table).getByText('f0499.txt')).toBeTruthy();
    expect(within(table).queryByText('last.txt')).toBeNull();
    expect(screen.getByText(/^501 entries/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show more (1 not shown)' }));
    expect(await within(table).findByText('last.txt')).toBeTruthy();
    expect(requests.filter((r) => r.url.startsWith('/api/files?path=')).map((r) => r.url)).toEqual([`/api/files?path=${home}`, `/api/files?path=${home}&after=CURSOR-1`]);
    expect(screen.queryByRole('button', { name: /Show more/ })).toBeNull();
  });

  it('creates a folder and deletes a file after confirmation', async () => {
    const requests = filesApi(({ method, url }) => {
      if (url.startsWith('/api/files?path=') && method === 'GET') return json(200, homeListing);
      if (url === '/api/files/entries') return json(201, entry('templates', 'directory'));
      if (method === 'DELETE') return new Response(null, { status: 204 });
      return undefined;
    });
    renderAt('/files');
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: 'New folder' }));
    fireEvent.change(screen.getByLabelText('New folder name'), { target: { value: 'templates' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(requests.some((r) => r.url === '/api/files/entries')).toBe(true));
    const created = requests.find((r) => r.url === '/api/files/entries')!;
    expect(JSON.parse(created.body!)).toEqual({ directory: '/home/alice', name: 'templates', type: 'directory' });
    expect(created.headers['x-csrf-token']).toBe('csrf-abc');

    // Destructive actions look the same on every tab: the danger style.
    expect(screen.getByRole('button', { name: 'Delete notes.md' }).className).toContain('btn-danger');
    fireEvent.click(screen.getByRole('button', { name: 'Delete notes.md' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/will be deleted/)).toBeTruthy();
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'DELETE' && r.url === `/api/files?path=${encodeURIComponent('/home/alice/notes.md')}`)).toBe(true));
  });

  it('saves with the opened version; on a conflict offers to overwrite; offers "Reload <domain>" for a web app file', async () => {
    const path = '/home/alice/mysite/flask_app.py';
    const opened: FileContentView = { path, content: 'print("hi")\n', version: 'a'.repeat(64), size: 12, modifiedAt: '2025-01-02T10:00:00.000Z' };
    let saves = 0;
    const requests = filesApi(({ method, url }) => {
      if (url === `/api/files/content?path=${encodeURIComponent(path)}` && method === 'GET') return json(200, opened);
      if (url === '/api/webapps') return json(200, [webapp]);
      if (method === 'PUT' && url.startsWith('/api/files/content')) {
        saves++;
        if (url.includes('expectedVersion=')) {
          return json(409, { statusCode: 409, error: 'Conflict', message: `${path} changed on disk since you opened it.` });
        }
        return json(200, { path, version: 'b'.repeat(64), size: 12, modifiedAt: '2025-01-02T10:01:00.000Z', created: false });
      }
      return undefined;
    });
    renderAt(`/files?edit=${encodeURIComponent(path)}`);
    expect(await screen.findByRole('button', { name: 'Reload alice.apps.example.test' })).toBeTruthy();
    await screen.findByTestId('code-editor');
    await waitFor(() => expect(screen.getByTestId('code-editor').textContent).toContain('print("hi")'));
    expect(screen.getByRole('button', { name: 'Save and run' })).toBeTruthy();

    fireEvent.keyDown(document, { key: 's', ctrlKey: true });
    const alert = await screen.findByText(/changed on disk since you opened it/);
    expect(alert).toBeTruthy();
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.url).toBe(`/api/files/content?path=${encodeURIComponent(path)}&expectedVersion=${'a'.repeat(64)}`);
    expect(put.body).toBe('print("hi")\n');
    expect(put.headers['x-csrf-token']).toBe('csrf-abc');

    fireEvent.click(screen.getByRole('button', { name: 'Overwrite with my version' }));
    expect(await screen.findByText(/✓ Saved at/)).toBeTruthy();
    expect(saves).toBe(2);
    expect(requests.filter((r) => r.method === 'PUT')[1].url).toBe(`/api/files/content?path=${encodeURIComponent(path)}`);
  });

  it('"Save and run" saves, then runs the file in a console shown below the editor, which the editor keeps', async () => {
    const path = '/home/alice/tools/report.py';
    const opened: FileContentView = { path, content: 'print(1)\n', version: 'a'.repeat(64), size: 9, modifiedAt: '2025-01-02T10:00:00.000Z' };
    const requests = filesApi(({ method, url }) => {
      if (url === `/api/files/content?path=${encodeURIComponent(path)}` && method === 'GET') return json(200, opened);
      if (url === '/api/webapps') return json(200, []);
      if (method === 'PUT' && url.startsWith('/api/files/content')) return json(200, { path, version: 'b'.repeat(64), size: 9, modifiedAt: '2025-01-02T10:01:00.000Z', created: false });
      if (method === 'POST' && url === '/api/consoles') {
        return json(201, {
          id: 7, name: 'Run report.py', kind: 'custom', pythonVersion: '3.11', database: null, executable: 'bash', arguments: '', workingDirectory: '/home/alice/tools',
          nodeId: 'n1', state: 'running', exitStatus: null, endedReason: null, url: '/consoles/7', createdAt: '2025-01-02T10:01:00.000Z',
        });
      }
      return undefined;
    });
    renderAt(`/files?edit=${encodeURIComponent(path)}`);
    await screen.findByTestId('code-editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Save and run' }));
    const panel = await screen.findByRole('region', { name: 'Run report.py' });
    expect(within(panel).getByTestId('console-terminal').textContent).toBe('terminal 7');
    expect(within(panel).getByRole('link', { name: 'Open in its own page' }).getAttribute('href')).toBe('/consoles/7');
    const put = requests.findIndex((r) => r.method === 'PUT');
    const post = requests.findIndex((r) => r.method === 'POST' && r.url === '/api/consoles');
    expect(put).toBeGreaterThanOrEqual(0);
    expect(post).toBeGreaterThan(put);
    expect(JSON.parse(requests[post].body!)).toMatchObject({ kind: 'custom', command: "python3 -i '/home/alice/tools/report.py'", workingDirectory: '/home/alice/tools' });
    // The editor is still there, above the console.
    expect(screen.getByTestId('code-editor')).toBeTruthy();
    fireEvent.click(within(panel).getByRole('button', { name: 'Hide the console' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Run report.py' })).toBeNull());
  });

  it('says below the toolbar why "Save and run" could not start a console', async () => {
    const path = '/home/alice/tools/report.py';
    const opened: FileContentView = { path, content: 'print(1)\n', version: 'a'.repeat(64), size: 9, modifiedAt: '2025-01-02T10:00:00.000Z' };
    filesApi(({ method, url }) => {
      if (url === `/api/files/content?path=${encodeURIComponent(path)}` && method === 'GET') return json(200, opened);
      if (url === '/api/webapps') return json(200, []);
      if (method === 'PUT' && url.startsWith('/api/files/content')) return json(200, { path, version: 'b'.repeat(64), size: 9, modifiedAt: '2025-01-02T10:01:00.000Z', created: false });
      if (method === 'POST' && url === '/api/consoles') return json(409, { statusCode: 409, error: 'Conflict', message: 'You have 5 consoles running, the most you may have. End one first.' });
      return undefined;
    });
    renderAt(`/files?edit=${encodeURIComponent(path)}`);
    await screen.findByTestId('code-editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Save and run' }));
    const message = await screen.findByText(/the most you may have/);
    expect(within(screen.getByRole('toolbar', { name: 'Editor' })).queryByText(/the most you may have/)).toBeNull();
    expect(message).toBeTruthy();
  });

  it('has no reload button for a file outside every web app, and explains a binary file', async () => {
    filesApi(({ url }) => {
      if (url === '/api/webapps') return json(200, [webapp]);
      if (url.startsWith('/api/files/content')) {
        return json(415, { statusCode: 415, error: 'Unsupported Media Type', message: '/home/alice/photo.png is not a text file (it is not UTF-8 text), so the editor cannot open it. Download it instead.' });
      }
      return undefined;
    });
    renderAt(`/files?edit=${encodeURIComponent('/home/alice/photo.png')}`);
    expect(await screen.findByText(/is not a text file/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Download photo.png' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Reload/ })).toBeNull();
  });
});
