import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import type { JobStreamEvent, JobView } from '@panel/contracts';
import { startTestApi, TestClient } from '@panel/panel-api/testing';
import { startTestWorker } from './test-worker';

/** panel-api and a worker in this process: the whole job path, with real Docker, MariaDB and Redis. */
export async function startTestPlatform(env: Record<string, string> = {}) {
  const { app: api, url, config } = await startTestApi(env);
  const { worker } = await startTestWorker(env);
  return {
    api,
    worker,
    url,
    config,
    async close() {
      await worker.close();
      await api.close();
    },
  } satisfies { api: INestApplication; worker: INestApplicationContext; url: string; config: PanelConfig; close(): Promise<void> };
}

/** A platform with one signed-up account and its default web app domain: where the web app tests start. */
export async function startTestPlatformWithAccount(env: Record<string, string> = {}) {
  const platform = await startTestPlatform(env);
  const client = new TestClient(platform.url);
  const session = await client.signup();
  const username = session.account.username;
  return { platform, client, username, uid: session.account.uid, domain: `${username}.${platform.config.appsDomain}`, port: platform.config.appsPort };
}

export async function waitForJob(client: TestClient, id: string, done: (job: JobView) => boolean = finished, timeoutMs = 120_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await client.get<JobView>(`/api/jobs/${id}`)).body;
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export const finished = (job: JobView) => ['succeeded', 'failed', 'cancelled'].includes(job.status);

/** Reads a job's server-sent events until the stream ends. */
export async function readJobEvents(client: TestClient, id: string): Promise<JobStreamEvent[]> {
  const response = await fetch(`${client.url}/api/jobs/${id}/events`, {
    headers: client.token ? { authorization: `Token ${client.token}` } : { cookie: client.cookie },
  });
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as JobStreamEvent);
}

export const outputOf = (events: JobStreamEvent[]) =>
  events.map((e) => (e.type === 'output' ? e.data : '')).join('');

export { TestClient };
