import type { SessionView } from '@panel/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { vi } from 'vitest';
import { createQueryClient } from '../app/queryClient';
import { routes } from '../app/router';

export const testSession: SessionView = {
  account: { id: 1, username: 'alice', role: 'user', uid: 10001, createdAt: '2025-01-01T00:00:00.000Z' },
  csrfToken: 'csrf-abc',
  signupEnabled: true,
  appsDomain: 'apps.example.test',
};

export const json = (status: number, body: unknown) =>
  body === undefined ? new Response(null, { status }) : new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export interface FakeRequest {
  method: string;
  url: string;
  body: unknown;
}

/**
 * A signed-in fake API: `handle` answers what a test cares about (return undefined to fall through); every request
 * is recorded with its parsed body.
 */
export function fakeApi(handle: (request: FakeRequest) => Response | undefined) {
  const requests: FakeRequest[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = { method: init?.method ?? 'GET', url: String(input), body: init?.body ? JSON.parse(String(init.body)) : undefined };
    requests.push(request);
    if (request.url === '/api/auth/session') return json(200, testSession);
    const answer = handle(request);
    if (answer) return answer;
    if (request.url.startsWith('/api/jobs')) return json(200, []);
    return json(404, { statusCode: 404, error: 'Not Found', message: `No route for ${request.method} ${request.url}` });
  });
  return { fetch, requests };
}

export function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}
