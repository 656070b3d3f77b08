import type { INestApplication } from '@nestjs/common';
import { loadConfig, PanelConfig } from '@panel/config';
import { CSRF_HEADER, SessionView } from '@panel/contracts';
import { randomBytes } from 'node:crypto';
import { NodeEntity } from '@panel/database';
import { nodeHeartbeatKey } from '@panel/jobs';
import { REDIS } from '@panel/nest';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import type { AddressInfo } from 'node:net';
import { createApp } from '../bootstrap';

/** panel-api in this process, against the real MariaDB and Redis that `npm test` prepared. */
export async function startTestApi(env: Record<string, string> = {}): Promise<{ app: INestApplication; url: string; config: PanelConfig }> {
  const config = loadConfig({ ...process.env, PANEL_LOG_LEVEL: 'error', ...env });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, config };
}

/**
 * Forgets every failed login counted in the test Redis: all tests log in from 127.0.0.1, so one file's failures
 * (the security suite's, say) would count against the per-address limit of the next.
 */
export async function forgetLoginFailures(config: PanelConfig): Promise<void> {
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys('panel:login-*');
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/**
 * An active node that looks online without a worker, for panel-api tests that create web apps or consoles whose
 * jobs never run. Its heartbeat is set for ten minutes; the returned function takes it away.
 */
export async function fakeActiveNode(app: INestApplication, config: PanelConfig, hostname: string): Promise<() => Promise<void>> {
  await app.get(DataSource).getRepository(NodeEntity).save({
    id: config.nodeId,
    hostname,
    dockerEndpoint: 'unix:///nowhere',
    capacity: { cpus: 1, memoryBytes: 8 * 2 ** 30 },
    lastHeartbeatAt: new Date(),
    state: 'active',
  });
  const redis = app.get<string, Redis>(REDIS);
  await redis.set(nodeHeartbeatKey(config.nodeId), '1', 'EX', 600);
  return async () => {
    await redis.del(nodeHeartbeatKey(config.nodeId));
  };
}

export const uniqueUsername = (prefix = 'u') => `${prefix}${randomBytes(5).toString('hex')}`.slice(0, 30);

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A client that keeps the session cookie and sends the CSRF header like the dashboard does. */
export class TestClient {
  cookie = '';
  csrf = '';
  token = '';

  constructor(readonly url: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(this.url + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { [CSRF_HEADER]: this.csrf } : {}),
        ...(this.token ? { authorization: `Token ${this.token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* plain text */
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body: unknown = {}) => this.request<T>('POST', path, body);
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);

  async signup(username = uniqueUsername(), password = 'correct horse'): Promise<SessionView> {
    const res = await this.post<SessionView>('/api/auth/signup', { username, password });
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrf = res.body.csrfToken;
    return res.body;
  }
}
