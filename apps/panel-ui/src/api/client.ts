import { CSRF_HEADER } from '@panel/contracts';
import { ApiError } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** Prefix for every path; '' means same origin (the API serves the dashboard). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The current session's CSRF token, echoed on every state-changing request. */
  getCsrfToken?: () => string | null;
}

const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET']);

/**
 * A thin typed wrapper around fetch for the panel API: JSON in and out, the CSRF header on state changes, and
 * every failure turned into an {@link ApiError} carrying the server's message.
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

  get<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'GET' });
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'POST', body });
  }

  patch<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'PATCH', body });
  }

  put<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'PUT', body });
  }

  delete<T = void>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'DELETE' });
  }

  /** A plain-text resource, such as a job's log. */
  async getText(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<string> {
    const response = await this.send(path, { ...options, method: 'GET' }, 'text/plain');
    return response.text();
  }

  /** Sends a request and parses the JSON answer; a 204 (or an empty body) resolves to undefined. */
  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(path, options, 'application/json');
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
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
