import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobView } from '@panel/contracts';
import { BenchClient } from './bench/api-client';
import { APPS_DOMAIN, appStatus, jobContainers, keepRequesting, redisExists, waitUntil } from './fault-tools';
import { RunningPlatform, startPlatform } from './platform';

describe('faults: the worker killed with SIGKILL in the middle of a job', () => {
  let platform: RunningPlatform;
  let client: BenchClient;
  let domain: string;

  before(async () => {
    // Stalled jobs are noticed after 2 s here (30 s by default), so the retry comes within seconds.
    platform = await startPlatform({ PANEL_JOB_STALLED_SECONDS: '2' });
    client = new BenchClient(platform.url);
    await client.signup('faults');
    domain = `${client.username}.${APPS_DOMAIN}`;
    const created = await client.call('POST', '/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await client.waitForJob(created.body.job.id)).status, 'succeeded');
    await waitUntil('the app answering', 15_000, async () => (await appStatus(domain)) === 200);
  });

  after(async () => {
    await platform?.stop();
  });

  async function jobLog(jobId: string): Promise<string> {
    const res = await fetch(`${platform.url}/api/jobs/${jobId}/log`, { headers: { authorization: `Token ${client.token}` } });
    return res.text();
  }

  /** Starts an environment build and kills the worker once its container has run for a moment. */
  async function buildAndKill(name: string) {
    const started = await client.call('POST', '/api/environments', { name, pythonVersion: '3.11', requirements: 'flask\nrequests' });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const jobId: string = started.body.job?.id ?? started.body.id;
    await waitUntil('the build container', 30_000, () => jobContainers(jobId).length > 0);
    await sleep(1_500);
    await platform.killWorker();
    return jobId;
  }

  test('an environment build whose worker dies half-way is retried into a whole environment: no orphan container, no lock held, the hosted app served throughout', async () => {
    const stop = keepRequesting(domain);
    const jobId = await buildAndKill('faultenv');
    assert.ok(jobContainers(jobId).length > 0, 'the dead worker left its build container running');
    assert.equal((await client.call<JobView>('GET', `/api/jobs/${jobId}`)).body.status, 'running');

    platform.startWorker();
    const job = await client.waitForJob(jobId, 180_000);
    const log = await jobLog(jobId);
    assert.equal(job.status, 'succeeded', `${job.error ?? ''}\n${log.slice(-2000)}`);
    assert.match(log, /worker running this job \(node [^)]+\) stopped; removing what it left/);
    const env = await client.call('GET', '/api/environments/faultenv');
    assert.equal(env.status, 200, JSON.stringify(env.body));
    assert.equal(env.body.status, 'ready');
    const freeze = await client.call('GET', '/api/environments/faultenv/freeze');
    assert.match(JSON.stringify(freeze.body), /flask/i, 'the retried build installed the requirements');
    assert.deepEqual(jobContainers(jobId), [], 'no container of the job is left');
    assert.equal(redisExists('panel:lock:' + job.resourceKey), false, 'the resource lock is released');
    const tally = await stop();
    assert.ok(tally.sent > 20, `requests were made (${tally.sent})`);
    assert.equal(tally.failed, 0, `${tally.failed} of ${tally.sent} requests to the hosted app failed`);
  });

  test('a build whose worker dies on every attempt ends failed with a message saying so, and leaves no environment', async () => {
    const jobId = await buildAndKill('deadenv');
    const orphans = jobContainers(jobId);
    platform.startWorker();
    // The new worker removes the dead one's container, then the retry starts one of its own: killed again.
    await waitUntil('the retry container', 60_000, () => jobContainers(jobId).some((id) => !orphans.includes(id)));
    await sleep(1_500);
    await platform.killWorker();
    platform.startWorker();
    const job = await client.waitForJob(jobId, 120_000);
    assert.equal(job.status, 'failed');
    assert.match(job.error ?? '', /worker running this job stopped/);
    const env = await client.call('GET', '/api/environments/deadenv');
    assert.ok(env.status === 404 || env.body.status === 'failed', `no half environment: ${JSON.stringify(env.body)}`);
    assert.deepEqual(jobContainers(jobId), []);
    assert.equal(redisExists('panel:lock:' + job.resourceKey), false, 'the resource lock is released');
  });

  test('a reload whose worker dies on every attempt fails saying so, and the version that served keeps serving', async () => {
    const stop = keepRequesting(domain);
    const jobId: string = (await client.call('POST', `/api/webapps/${domain}/reload`)).body.id;
    const killWhenRunning = async (retried: boolean) => {
      await waitUntil('the reload running', 60_000, async () => {
        const view = (await client.call<JobView>('GET', `/api/jobs/${jobId}`)).body;
        return view.status === 'running' && (!retried || (await jobLog(jobId)).includes('starting the job again'));
      });
      await sleep(300);
      await platform.killWorker();
      platform.startWorker();
    };
    await killWhenRunning(false);
    await killWhenRunning(true);
    const job = await client.waitForJob(jobId, 120_000);
    assert.equal(job.status, 'failed');
    assert.match(job.error ?? '', /worker running this job stopped/);
    await waitUntil('the app running again', 30_000, async () => (await client.call('GET', `/api/webapps/${domain}`)).body.status === 'running');
    assert.equal(redisExists('panel:lock:' + job.resourceKey), false, 'the resource lock is released');
    const tally = await stop();
    assert.equal(tally.failed, 0, `${tally.failed} of ${tally.sent} requests to the hosted app failed`);
  });
});
