import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobView } from '@panel/contracts';
import { startTestPlatform, TestClient, waitForJob } from '../testing/platform';

const BACKLOG = 10;

describe('fair queues: one job at a time on this node', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;

  before(async () => {
    platform = await startTestPlatform({ PANEL_JOB_CONCURRENCY: '1' });
  });
  after(() => platform.close());

  test("one account's ten queued builds delay another account's first build by at most one job", async () => {
    const busy = new TestClient(platform.url);
    await busy.signup();
    const other = new TestClient(platform.url);
    await other.signup();

    const backlog: string[] = [];
    for (let i = 0; i < BACKLOG; i++) {
      const res = await busy.post('/api/environments', { name: `backlog${i}`, pythonVersion: '3.11' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      backlog.push(res.body.job.id);
    }
    // The backlog's first build is running (the worker takes one job at a time); the rest wait.
    await waitForJob(busy, backlog[0], (job) => job.status !== 'queued');
    const mine = await other.post('/api/environments', { name: 'first', pythonVersion: '3.11' });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    const position = (await other.get(`/api/jobs/${mine.body.job.id}/queue`)).body;
    assert.deepEqual(position, { status: 'queued', jobsAhead: 0 }, 'next in line, ahead of the backlog');
    const ahead = async (id: string) => (await busy.get(`/api/jobs/${id}/queue`)).body.jobsAhead as number;
    // (Relative: jobs other test files left in the shared queue may wait behind the backlog's first too.)
    assert.ok((await ahead(backlog[1])) >= 1, "the backlog's second waits behind the other account's first");
    const positions = [];
    for (const id of backlog.slice(1)) positions.push(await ahead(id));
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, `the backlog keeps its own order: ${positions}`);
    assert.equal(new Set(positions).size, positions.length);

    const done = await waitForJob(other, mine.body.job.id);
    assert.equal(done.status, 'succeeded', done.error ?? '');
    const backlogJobs = await Promise.all(backlog.map(async (id) => (await busy.get<JobView>(`/api/jobs/${id}`)).body));
    const startedBefore = backlogJobs.filter((job) => job.startedAt && Date.parse(job.startedAt) <= Date.parse(done.startedAt!));
    assert.deepEqual(startedBefore.map((job) => job.id), [backlog[0]], 'only the build already running went first');

    for (const id of backlog) await busy.post(`/api/jobs/${id}/cancel`);
    for (const id of backlog) await waitForJob(busy, id);
  });
});
