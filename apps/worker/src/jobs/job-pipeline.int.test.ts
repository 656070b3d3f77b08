import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobView } from '@panel/contracts';
import { DataSource } from 'typeorm';
import { readJobEvents as readEvents, startTestPlatform, TestClient, waitForJob } from '../testing/platform';

describe('the job pipeline, API to worker to Docker and back', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let url: string;

  before(async () => {
    platform = await startTestPlatform();
    url = platform.url;
  });
  after(() => platform.close());

  test('a system check runs as the account with its home and its output streams live', async () => {
    const client = new TestClient(url);
    const session = await client.signup();
    const job = await client.post<JobView>('/api/system-check', { pythonVersion: '3.11' });
    const events = await readEvents(client, job.body.id);
    const output = events.filter((e) => e.type === 'output').map((e) => (e as { data: string }).data).join('');
    const last = events.filter((e) => e.type === 'job').at(-1) as { job: JobView };
    assert.equal(last.job.status, 'succeeded', output);
    assert.match(output, new RegExp(`uid=${session.account.uid}`));
    assert.match(output, /Python 3\.11\.\d+/);
    assert.match(output, /pip \d+/);
    assert.match(output, new RegExp(`home: /home/${session.account.username}`));
    assert.match(output, /home is writable/);

    const log = await client.get(`/api/jobs/${job.body.id}/log`);
    assert.equal(log.body, output, 'the stored log equals what was streamed');
    const done = (await client.get<JobView>(`/api/jobs/${job.body.id}`)).body;
    assert.equal(done.nodeId, platform.config.nodeId);
    assert.ok(done.startedAt && done.finishedAt);
  });

  test('joining the stream of a finished job replays its whole log once', async () => {
    const client = new TestClient(url);
    await client.signup();
    const job = await client.post<JobView>('/api/system-check', { pythonVersion: '3.11' });
    await waitForJob(client, job.body.id);
    const events = await readEvents(client, job.body.id);
    const output = events.filter((e) => e.type === 'output').map((e) => (e as { data: string }).data).join('');
    assert.equal(output, (await client.get(`/api/jobs/${job.body.id}/log`)).body);
    assert.equal((output.match(/system check passed/g) ?? []).length, 1);
  });

  test('the node is registered and heartbeating', async () => {
    const admin = new TestClient(url);
    await admin.signup();
    // Only admins see nodes; promote this test account directly in the database.
    const dataSource = platform.api.get(DataSource);
    await dataSource.query('UPDATE accounts SET role = ? WHERE username = ?', ['admin', (await admin.get('/api/account')).body.username]);
    const nodes = await admin.get('/api/nodes');
    assert.equal(nodes.status, 200);
    const node = nodes.body.find((n: { id: string }) => n.id === platform.config.nodeId);
    assert.ok(node, 'the worker registered its node');
    assert.equal(node.online, true);
    assert.ok(node.capacity.cpus >= 1);
  });
});
