import type { JobView, SessionView } from '@panel/contracts';
import { randomBytes } from 'node:crypto';

/** A small API client for the benchmarks and e2e tests: signs up, then uses an API token. */
export class BenchClient {
  token = '';
  username = '';
  uid = 0;

  constructor(readonly url: string) {}

  async signup(prefix = 'bench'): Promise<void> {
    const username = `${prefix}${randomBytes(4).toString('hex')}`;
    const signup = await fetch(`${this.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'benchmark password' }),
    });
    const session = (await signup.json()) as SessionView;
    const cookie = signup.headers.get('set-cookie')!.split(';')[0];
    const token = await fetch(`${this.url}/api/account/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ name: 'bench' }),
    });
    this.token = ((await token.json()) as { token: string }).token;
    this.username = username;
    this.uid = session.account.uid;
  }

  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(this.url + path, {
      method,
      headers: { authorization: `Token ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Creates the comment-board web app at the account's domain and waits for its setup; returns the domain. */
  async createCommentBoard(): Promise<string> {
    const domain = `${this.username}.apps.localhost`;
    const created = await this.call('POST', '/api/webapps', { template: 'comment-board', pythonVersion: '3.11', initialUser: { username: 'bench', password: 'bench password' } });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const setup = await this.waitForJob(created.body.job.id);
    if (setup.status !== 'succeeded') throw new Error(`setup failed: ${setup.error}`);
    return domain;
  }

  async waitForJob(id: string, timeoutMs = 300_000): Promise<JobView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = (await this.call<JobView>('GET', `/api/jobs/${id}`)).body;
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} is still ${job.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

export const ms = (value: number) => `${Math.round(value)} ms`;
