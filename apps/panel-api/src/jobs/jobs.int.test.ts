import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplication } from '@nestjs/common';
import { startTestApi, TestClient } from '../testing/test-api';

describe('jobs API', () => {
  let app: INestApplication;
  let url: string;

  before(async () => {
    ({ app, url } = await startTestApi());
  });
  after(() => app.close());

  test("another account's job is a 404 for every route", async () => {
    const owner = new TestClient(url);
    await owner.signup();
    const job = await owner.post('/api/system-check', { pythonVersion: '3.11' });
    assert.equal(job.status, 201);
    assert.equal(job.body.status, 'queued');

    const other = new TestClient(url);
    await other.signup();
    for (const path of [`/api/jobs/${job.body.id}`, `/api/jobs/${job.body.id}/log`, `/api/jobs/${job.body.id}/events`]) {
      assert.equal((await other.get(path)).status, 404, path);
    }
    assert.equal((await other.post(`/api/jobs/${job.body.id}/cancel`)).status, 404);
    assert.deepEqual((await other.get('/api/jobs')).body, []);
    assert.equal((await owner.get('/api/jobs')).body[0].id, job.body.id);
  });

  test('an unknown Python version is a 400 listing the versions', async () => {
    const client = new TestClient(url);
    await client.signup();
    const res = await client.post('/api/system-check', { pythonVersion: '2.7' });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /3\.9, 3\.11, 3\.13/);
  });

  test('a queued job can be cancelled', async () => {
    const client = new TestClient(url);
    await client.signup();
    // No worker runs in this test, so the job stays queued.
    const job = await client.post('/api/system-check', { pythonVersion: '3.9' });
    const cancelled = await client.post(`/api/jobs/${job.body.id}/cancel`);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal((await client.get(`/api/jobs/${job.body.id}`)).body.status, 'cancelled');
  });
});
