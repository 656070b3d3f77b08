import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplication } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { JobName } from '@panel/contracts';
import { AccountEntity, JobEntity } from '@panel/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { fakeActiveNode, startTestApi, TestClient } from '../testing/test-api';

describe("Prometheus' /metrics: operators only, the platform's nodes, queues and job durations", () => {
  let app: INestApplication;
  let url: string;
  let config: PanelConfig;
  let db: DataSource;
  let admin: TestClient;
  let removeNode: () => Promise<void>;
  const jobIds: string[] = [];

  before(async () => {
    ({ app, url, config } = await startTestApi());
    db = app.get(DataSource);
    removeNode = await fakeActiveNode(app, config, 'metrics-test');
    admin = new TestClient(url);
    const session = await admin.signup();
    await db.getRepository(AccountEntity).update({ id: session.account.id }, { role: 'admin' });
  });
  after(async () => {
    if (jobIds.length) await db.getRepository(JobEntity).delete(jobIds);
    await removeNode?.();
    await app?.close();
  });

  test('a visitor gets 401 and an ordinary account 403', async () => {
    assert.equal((await new TestClient(url).get('/metrics')).status, 401);
    const user = new TestClient(url);
    await user.signup();
    assert.equal((await user.get('/metrics')).status, 403);
  });

  test("an admin's API token reads the text format: nodes by state, what each node has, queue depths and a reload histogram", async () => {
    const started = new Date(Date.now() - 10_000);
    for (const seconds of [0.8, 3, 40]) {
      const id = randomUUID();
      jobIds.push(id);
      const repo = db.getRepository(JobEntity);
      await repo.save(
        repo.create({ id, name: JobName.WebAppReload, status: 'succeeded', queue: 'panel-shared', payload: {}, startedAt: started, finishedAt: new Date(started.getTime() + seconds * 1000) }),
      );
    }
    const token = (await admin.post<{ token: string }>('/api/account/tokens', { name: 'prometheus' })).body.token;
    const scraper = new TestClient(url);
    const res = await scraper.request<string>('GET', '/metrics', undefined, { authorization: `Token ${token}` });
    assert.equal(res.status, 200, String(res.body));
    const type = res.headers.get('content-type') ?? '';
    assert.ok(type.startsWith('text/plain') && type.includes('version=0.0.4'), type);
    const text = res.body;
    assert.match(text, /^# TYPE panel_nodes gauge$/m);
    assert.match(text, /^panel_nodes\{state="active"\} [1-9]\d*$/m);
    assert.match(text, /^panel_nodes\{state="draining"\} \d+$/m);
    assert.match(text, new RegExp(`^panel_node_online\\{node="${config.nodeId}"\\} 1$`, 'm'));
    assert.match(text, new RegExp(`^panel_node_webapps\\{node="${config.nodeId}"\\} \\d+$`, 'm'));
    assert.match(text, /^panel_queue_jobs\{queue="panel-shared",state="waiting"\} \d+$/m);
    // The three reloads land in their buckets: 0.8 s under 1, 3 s under 5, 40 s under 60 (cumulative).
    const bucket = (le: string) => Number(new RegExp(`^panel_job_duration_seconds_bucket\\{name="webapp.reload",status="succeeded",le="${le.replace('+', '\\+')}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    assert.ok(bucket('1') >= 1 && bucket('5') >= 2 && bucket('60') >= 3, text.split('\n').filter((l) => l.includes('webapp.reload')).join('\n'));
    assert.ok(bucket('+Inf') >= bucket('60'));
    assert.match(text, /^panel_job_duration_seconds_count\{name="webapp.reload",status="succeeded"\} \d+$/m);
  });
});
