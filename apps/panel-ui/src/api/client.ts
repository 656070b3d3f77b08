import { CSRF_HEADER } from '@panel/contracts';
import type { z } from 'zod';
import { ApiError } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

export type CallOptions = Omit<RequestOptions, 'method' | 'body'>;

export interface ApiClientOptions {
  /** Prefix for every path; '' means same origin (the API serves the dashboard). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The current session's CSRF token, echoed on every state-changing request. */
  getCsrfToken?: () => string | null;
}

const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET']);

/**
 * Checks an answer against the schema of its shape in @panel/contracts and returns what the schema gives; an answer of
 * another shape becomes an {@link ApiError} naming the endpoint, never data the page would render as garbage.
 */
export function parseResponse<S extends z.ZodType>(schema: S, body: unknown, method: HttpMethod, path: string, status: number): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw ApiError.unexpectedResponse(method, path, status, parsed.error);
  return parsed.data;
}

/**
 * A thin typed wrapper around fetch for the panel API: JSON in and out, the CSRF header on state changes, and
 * every failure turned into an {@link ApiError} carrying the server's message. Each call that reads an answer takes
 * the answer's zod schema from @panel/contracts (`api.get('/api/consoles', ConsoleView.array())`) and resolves to
 * what it parses to, so a response the dashboard does not expect fails loudly, and a changed schema fails the build.
 */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly getCsrfToken: () => string | null;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    // Bound lazily so tests can stub the global fetch after the client exists.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.getCsrfToken = options.getCsrfToken ?? (() => null);
  }

  get<S extends z.ZodType>(path: string, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
    return this.request(path, schema, { ...options, method: 'GET' });
  }

  post<S extends z.ZodType>(path: string, schema: S, body?: unknown, options: CallOptions = {}): Promise<z.output<S>> {
    return this.request(path, schema, { ...options, method: 'POST', body });
  }

  patch<S extends z.ZodType>(path: string, schema: S, body: unknown, options: CallOptions = {}): Promise<z.output<S>> {
    return this.request(path, schema, { ...options, method: 'PATCH', body });
  }

  put<S extends z.ZodType>(path: string, schema: S, body: unknown, options: CallOptions = {}): Promise<z.output<S>> {
    return this.request(path, schema, { ...options, method: 'PUT', body });
  }

  /** A POST whose answer carries nothing to read (204 No Content: logging out, a new password). */
  async postWithoutBody(path: string, body?: unknown, options: CallOptions = {}): Promise<void> {
    await this.requestWithoutBody(path, { ...options, method: 'POST', body });
  }

  /** Deletes a resource; the API answers 204 No Content. */
  async delete(path: string, options: CallOptions = {}): Promise<void> {
    await this.requestWithoutBody(path, { ...options, method: 'DELETE' });
  }

  /** A plain-text resource, such as a job's log. */
  async getText(path: string, options: CallOptions = {}): Promise<string> {
    const response = await this.send(path, { ...options, method: 'GET' }, 'text/plain');
    return response.text();
  }

  /** Sends a request and parses its JSON answer with `schema`; an empty answer (204) is parsed as undefined. */
  async request<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
    const method = options.method ?? 'GET';
    const response = await this.send(path, options, 'application/json');
    const text = response.status === 204 ? '' : await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw ApiError.unexpectedResponse(method, path, response.status, 'not JSON');
    }
    return parseResponse(schema, body, method, path, response.status);
  }

  /** Sends a request whose answer is not read (it has none). */
  private async requestWithoutBody(path: string, options: RequestOptions): Promise<void> {
    const response = await this.send(path, options, 'application/json');
    await response.text();
  }

  private async send(path: string, options: RequestOptions, accept: string): Promise<Response> {
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = { accept };
    if (!SAFE_METHODS.has(method)) {
      headers['content-type'] = 'application/json';
      const csrfToken = this.getCsrfToken();
      if (csrfToken) headers[CSRF_HEADER] = csrfToken;
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw ApiError.network(error);
    }
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response;
  }
}

let currentCsrfToken: string | null = null;

/** Remembers the CSRF token of the signed-in session (from SessionView); null after logging out. */
export function setCsrfToken(token: string | null): void {
  currentCsrfToken = token;
}

export function getCsrfToken(): string | null {
  return currentCsrfToken;
}

/** The dashboard's client: same origin, the cookie sent by the browser, the CSRF token from the session. */
export const api = new ApiClient({ getCsrfToken });
