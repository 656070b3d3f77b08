import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from './client';
import { ApiError } from './errors';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('ApiClient', () => {
  it('sends the CSRF token and a JSON body on state-changing requests', async () => {
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => jsonResponse(201, { id: 1 }));
    const client = new ApiClient({ fetch, getCsrfToken: () => 'csrf-123' });

    await expect(client.post('/api/account/tokens', { name: 'ci' })).resolves.toEqual({ id: 1 });

    const [url, init] = fetch.mock.calls[0]!;
    const headers = init!.headers as Record<string, string>;
    expect(url).toBe('/api/account/tokens');
    expect(init!.method).toBe('POST');
    expect(headers['x-csrf-token']).toBe('csrf-123');
    expect(headers['content-type']).toBe('application/json');
    expect(init!.body).toBe(JSON.stringify({ name: 'ci' }));
    expect(init!.credentials).toBe('same-origin');
  });

  it('leaves the CSRF header off GET requests and when there is no session', async () => {
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => jsonResponse(200, []));
    let token: string | null = 'csrf-123';
    const client = new ApiClient({ fetch, getCsrfToken: () => token });

    await client.get('/api/jobs?limit=20');
    token = null;
    await client.post('/api/auth/login', { username: 'alice', password: 'secret' });

    const getHeaders = fetch.mock.calls[0]![1]!.headers as Record<string, string>;
    const loginHeaders = fetch.mock.calls[1]![1]!.headers as Record<string, string>;
    expect(getHeaders).not.toHaveProperty('x-csrf-token');
    expect(getHeaders).not.toHaveProperty('content-type');
    expect(loginHeaders).not.toHaveProperty('x-csrf-token');
    expect(loginHeaders['content-type']).toBe('application/json');
  });

  it('resolves 204 responses to undefined', async () => {
    const client = new ApiClient({ fetch: async () => new Response(null, { status: 204 }), getCsrfToken: () => 't' });
    await expect(client.delete('/api/account/tokens/3')).resolves.toBeUndefined();
  });

  it('turns an ErrorResponse body into an ApiError with its message', async () => {
    const client = new ApiClient({
      fetch: async () => jsonResponse(409, { statusCode: 409, error: 'Conflict', message: 'That username is taken.' }),
    });

    const error = await client.post('/api/auth/signup', { username: 'alice', password: 'password1' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, error: 'Conflict', message: 'That username is taken.', errorId: undefined });
  });

  it('keeps the errorId of server errors', async () => {
    const client = new ApiClient({
      fetch: async () =>
        jsonResponse(500, { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong.', errorId: 'e-42' }),
    });

    const error = (await client.get('/api/jobs').catch((e: unknown) => e)) as ApiError;

    expect(error.status).toBe(500);
    expect(error.errorId).toBe('e-42');
    expect(error.isServerError).toBe(true);
  });

  it('explains errors without an ErrorResponse body and network failures', async () => {
    const proxyDown = new ApiClient({ fetch: async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }) });
    const offline = new ApiClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });

    const gateway = (await proxyDown.get('/api/settings').catch((e: unknown) => e)) as ApiError;
    const network = (await offline.get('/api/settings').catch((e: unknown) => e)) as ApiError;

    expect(gateway).toBeInstanceOf(ApiError);
    expect(gateway.status).toBe(502);
    expect(gateway.message).toMatch(/not available/);
    expect(network).toBeInstanceOf(ApiError);
    expect(network.status).toBe(0);
    expect(network.message).toMatch(/Could not reach the server/);
  });
});
