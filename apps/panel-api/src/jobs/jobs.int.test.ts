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
    for (const path of [`/api/jobs/${job.body.id}`, `/api/jobs/${job.body.id}/log`, `/api/jobs/${job.body.id}/events`, `/api/jobs/${job.body.id}/queue`]) {
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

  test("accounts take turns: another account's first job goes right after the first of one account's backlog, and each job says how many are ahead", async () => {
    const busy = new TestClient(url);
    await busy.signup();
    const other = new TestClient(url);
    await other.signup();
    // No worker runs here: every job stays queued, in the order the queue would serve them.
    const backlog = [];
    for (const pythonVersion of ['3.9', '3.11', '3.13']) backlog.push((await busy.post('/api/system-check', { pythonVersion })).body.id as string);
    const first = (await other.post('/api/system-check', { pythonVersion: '3.11' })).body.id as string;
    const ahead = async (id: string) => {
      const res = await busy.get(`/api/jobs/${id}/queue`).then((r) => (r.status === 404 ? other.get(`/api/jobs/${id}/queue`) : r));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.status, 'queued');
      return res.body.jobsAhead as number;
    };
    const base = await ahead(backlog[0]);
    assert.equal(await ahead(first), base + 1, "the other account's first job waits for one job of the backlog only");
    assert.equal(await ahead(backlog[1]), base + 2);
    assert.equal(await ahead(backlog[2]), base + 3, "the backlog keeps its own order");
    for (const id of backlog) await busy.post(`/api/jobs/${id}/cancel`);
    await other.post(`/api/jobs/${first}/cancel`);
    assert.deepEqual((await busy.get(`/api/jobs/${backlog[0]}/queue`)).body, { status: 'cancelled', jobsAhead: null });
  });

  describe('with PANEL_MAX_QUEUED_JOBS=3', () => {
    let capped: INestApplication;
    let cappedUrl: string;
    before(async () => {
      ({ app: capped, url: cappedUrl } = await startTestApi({ PANEL_MAX_QUEUED_JOBS: '3' }));
    });
    after(() => capped.close());

    test('a job past the per-account cap is a 429 naming the limit and records nothing; another account is not affected', async () => {
      const client = new TestClient(cappedUrl);
      await client.signup();
      const ids: string[] = [];
      for (const pythonVersion of ['3.9', '3.11', '3.13']) {
        const res = await client.post('/api/system-check', { pythonVersion });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        ids.push(res.body.id);
      }
      const refused = await client.post('/api/system-check', { pythonVersion: '3.11' });
      assert.equal(refused.status, 429);
      assert.equal(refused.body.code, 'JOBS_QUEUE_FULL');
      assert.match(refused.body.message, /You have 3 jobs queued or running, the most an account may have at once/);
      assert.equal((await client.get('/api/jobs')).body.length, 3, 'the refused job was not recorded');

      const env = await client.post('/api/environments', { name: 'refused', pythonVersion: '3.11' });
      assert.equal(env.status, 429);
      assert.deepEqual((await client.get('/api/environments')).body, [], 'a refused build leaves no environment behind');
      assert.equal((await client.post('/api/environments', { name: 'refused', pythonVersion: '3.11' })).status, 429, 'and the name is not taken');

      const stranger = new TestClient(cappedUrl);
      await stranger.signup();
      assert.equal((await stranger.post('/api/system-check', { pythonVersion: '3.11' })).status, 201, 'the cap is per account');

      await client.post(`/api/jobs/${ids[0]}/cancel`);
      assert.equal((await client.post('/api/environments', { name: 'refused', pythonVersion: '3.11' })).status, 201, 'a cancelled job frees its place');
    });
  });
});
