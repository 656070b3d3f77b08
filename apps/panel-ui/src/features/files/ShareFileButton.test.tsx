import type { FileContentView, FileShareView } from '@panel/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { json, renderAt, testSession } from '../../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Share in the Files tab editor', () => {
  it('shares the open file, shows its link to copy, and stops sharing it', async () => {
    const path = '/home/alice/notes.md';
    const opened: FileContentView = { path, content: '# notes\n', version: 'a'.repeat(64), size: 8, modifiedAt: '2025-01-02T10:00:00.000Z' };
    let shares: FileShareView[] = [];
    const requests: { method: string; url: string; body?: string }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const method = init?.method ?? 'GET';
        const url = String(input);
        requests.push({ method, url, body: init?.body === undefined ? undefined : String(init.body) });
        if (url === '/api/auth/session') return json(200, testSession);
        if (url === `/api/files/content?path=${encodeURIComponent(path)}`) return json(200, opened);
        if (url === '/api/files/shares' && method === 'GET') return json(200, shares);
        if (url === '/api/files/shares' && method === 'POST') {
          shares = [{ path, url: '/api/shares/AbCdEfGhIjKlMnOpQrStUvWxYz012345/', createdAt: '2025-01-02T10:00:00.000Z' }];
          return json(201, shares[0]);
        }
        if (method === 'DELETE' && url.startsWith('/api/files/shares?')) {
          shares = [];
          return new Response(null, { status: 204 });
        }
        if (url === '/api/webapps' || url.startsWith('/api/jobs')) return json(200, []);
        if (url === '/api/files/usage') return json(200, { usedBytes: 0, quotaBytes: 1024 ** 3, computedAt: '2025-01-02T10:00:00.000Z' });
        return json(404, { statusCode: 404, error: 'Not Found', message: `No route for ${method} ${url}` });
      }),
    );
    renderAt(`/files?edit=${encodeURIComponent(path)}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Share' }));
    const link = (await screen.findByLabelText('Share link')) as HTMLInputElement;
    expect(link.value).toBe(`${window.location.origin}/api/shares/AbCdEfGhIjKlMnOpQrStUvWxYz012345/`);
    expect(JSON.parse(requests.find((r) => r.method === 'POST')!.body!)).toEqual({ path });
    expect(screen.getByRole('button', { name: 'Copy link' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Stop sharing' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'DELETE' && r.url === `/api/files/shares?path=${encodeURIComponent(path)}`)).toBe(true));
    expect(await screen.findByRole('button', { name: 'Share' })).toBeTruthy();
    expect(screen.queryByLabelText('Share link')).toBeNull();
  });
});
