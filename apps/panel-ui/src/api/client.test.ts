import { ApiTokenView, CreatedApiTokenView, JobView, SessionView } from '@panel/contracts';
import { describe, expect, it, vi } from 'vitest';
import { jobView } from '../test/fixtures';
import { ApiClient } from './client';
import { ApiError, UNEXPECTED_RESPONSE } from './errors';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('ApiClient', () => {
  it('sends the CSRF token and a JSON body on state-changing requests', async () => {
    const created = { id: 1, name: 'ci', prefix: 'pnl_ab12', createdAt: '2025-01-01T00:00:00.000Z', lastUsedAt: null, token: 'pnl_ab12cd34' };
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => jsonResponse(201, created));
    const client = new ApiClient({ fetch, getCsrfToken: () => 'csrf-123' });

    await expect(client.post('/api/account/tokens', CreatedApiTokenView, { name: 'ci' })).resolves.toEqual(created);

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
    const session = {
      account: { id: 1, username: 'alice', role: 'user', uid: 10001, createdAt: '2025-01-01T00:00:00.000Z' },
      csrfToken: 'csrf-456',
      signupEnabled: true,
      appsDomain: 'apps.example.test',
    };
    const fetch = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => jsonResponse(200, String(input).startsWith('/api/jobs') ? [] : session));
    let token: string | null = 'csrf-123';
    const client = new ApiClient({ fetch, getCsrfToken: () => token });

    await client.get('/api/jobs?limit=20', JobView.array());
    token = null;
    await expect(client.post('/api/auth/login', SessionView, { username: 'alice', password: 'secret' })).resolves.toEqual(session);

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

    const error = await client.post('/api/auth/signup', SessionView, { username: 'alice', password: 'password1' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, error: 'Conflict', message: 'That username is taken.', errorId: undefined });
  });

  it('keeps the errorId of server errors', async () => {
    const client = new ApiClient({
      fetch: async () =>
        jsonResponse(500, { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong.', errorId: 'e-42' }),
    });

    const error = (await client.get('/api/jobs', JobView.array()).catch((e: unknown) => e)) as ApiError;

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

    const gateway = (await proxyDown.postWithoutBody('/api/auth/logout').catch((e: unknown) => e)) as ApiError;
    const network = (await offline.delete('/api/account/tokens/3').catch((e: unknown) => e)) as ApiError;

    expect(gateway).toBeInstanceOf(ApiError);
    expect(gateway.status).toBe(502);
    expect(gateway.message).toMatch(/not available/);
    expect(network).toBeInstanceOf(ApiError);
    expect(network.status).toBe(0);
    expect(network.message).toMatch(/Could not reach the server/);
  });

  it('resolves to what the schema parses, dropping fields the dashboard does not know', async () => {
    const job = jobView({ status: 'running' });
    const client = new ApiClient({ fetch: async () => jsonResponse(200, [{ ...job, addedLater: true }]) });

    await expect(client.get('/api/jobs?limit=20', JobView.array())).resolves.toEqual([job]);
  });

  it('rejects an answer missing a required field with an ApiError naming the endpoint and the field', async () => {
    // An ApiTokenView without its prefix.
    const withoutPrefix = { id: 4, name: 'ci', createdAt: '2025-01-01T00:00:00.000Z', lastUsedAt: null };
    const client = new ApiClient({ fetch: async () => jsonResponse(200, [withoutPrefix]) });

    const error = (await client.get('/api/account/tokens', ApiTokenView.array()).catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(200);
    expect(error.error).toBe(UNEXPECTED_RESPONSE);
    expect(error.message).toContain('GET /api/account/tokens');
    expect(error.message).toContain('did not have the expected shape');
    expect(error.message).toMatch(/0\.prefix: .*expected string, received undefined/);
  });

  it('rejects an empty or non-JSON answer where a body was expected', async () => {
    const empty = new ApiClient({ fetch: async () => new Response(null, { status: 204 }) });
    const html = new ApiClient({ fetch: async () => new Response('<html>welcome</html>', { status: 200 }) });

    const noBody = (await empty.post('/api/jobs/j1/cancel', JobView).catch((e: unknown) => e)) as ApiError;
    const notJson = (await html.get('/api/jobs/j1', JobView).catch((e: unknown) => e)) as ApiError;

    expect(noBody).toBeInstanceOf(ApiError);
    expect(noBody.message).toMatch(/POST \/api\/jobs\/j1\/cancel did not have the expected shape \(Invalid input: expected object, received undefined\)/);
    expect(notJson).toBeInstanceOf(ApiError);
    expect(notJson.message).toContain('GET /api/jobs/j1 did not have the expected shape (not JSON)');
  });
});
