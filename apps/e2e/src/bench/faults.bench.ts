/**
 * bench/faults: under steady traffic to a hosted app (a bounded loop to loopback), inject each fault and count what
 * was lost: the worker killed with SIGKILL during an environment build and during a reload, panel-api restarted.
 * A job is lost when it does not end in a clear state (succeeded, or failed saying the worker stopped) or when what it
 * made disagrees with it (a build "succeeded" without a whole environment, a leftover container or lock).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobView } from '@panel/contracts';
import { startPlatform } from '../platform';
import { BenchClient } from './api-client';
import { APPS_DOMAIN, appStatus, jobContainers, keepRequesting, redisExists, waitUntil } from '../fault-tools';

interface Row {
  fault: string;
  sent: number;
  failed: number;
  jobs: number;
  lost: number;
  recoverMs: number;
  note: string;
}

async function main() {
  const platform = await startPlatform({ PANEL_JOB_STALLED_SECONDS: process.env.BENCH_STALLED_SECONDS ?? '5' });
  const rows: Row[] = [];
  try {
    const client = new BenchClient(platform.url);
    await client.signup('faults');
    const domain = `${client.username}.${APPS_DOMAIN}`;
    const created = await client.call('POST', '/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    if ((await client.waitForJob(created.body.job.id)).status !== 'succeeded') throw new Error('the web app did not start');
    await waitUntil('the app answering', 15_000, async () => (await appStatus(domain)) === 200);

    /** Runs a job, kills the worker once its container runs (or after a moment), starts it again, judges the job. */
    const killDuring = async (fault: string, start: () => Promise<string>, judge: (job: JobView) => Promise<string | null>) => {
      const stop = keepRequesting(domain);
      const jobId = await start();
      await waitUntil('the job running', 60_000, async () => jobContainers(jobId).length > 0 || (await client.call<JobView>('GET', `/api/jobs/${jobId}`)).body.status === 'running');
      await sleep(1_000);
      const killedAt = Date.now();
      await platform.killWorker();
      platform.startWorker();
      const job = await client.waitForJob(jobId, 300_000).catch(() => null);
      const recoverMs = Date.now() - killedAt;
      const tally = await stop();
      let problem: string | null = job ? null : 'the job never finished';
      if (job && job.status === 'failed' && !/worker/.test(job.error ?? '')) problem = `failed without saying the worker stopped: ${job.error}`;
      if (job && !problem) problem = await judge(job);
      if (!problem && jobContainers(jobId).length) problem = 'a container of the job was left';
      if (!problem && job?.resourceKey && redisExists(`panel:lock:${job.resourceKey}`)) problem = 'its resource lock is still held';
      rows.push({ fault, sent: tally.sent, failed: tally.failed, jobs: 1, lost: problem ? 1 : 0, recoverMs, note: problem ?? `job ${job!.status}` });
    };

    let n = 0;
    await killDuring(
      'worker SIGKILL during an environment build',
      async () => {
        const res = await client.call('POST', '/api/environments', { name: `faultenv${++n}`, pythonVersion: '3.11', requirements: 'flask\nrequests' });
        return res.body.job.id as string;
      },
      async (job) => {
        const env = await client.call('GET', `/api/environments/faultenv${n}`);
        if (job.status === 'succeeded') return env.body.status === 'ready' ? null : `succeeded but the environment is ${env.body.status}`;
        return env.status === 404 || env.body.status === 'failed' ? null : `failed but the environment is ${env.body.status}`;
      },
    );
    await killDuring(
      'worker SIGKILL during a reload',
      async () => (await client.call('POST', `/api/webapps/${domain}/reload`)).body.id as string,
      async () => {
        const app = await client.call('GET', `/api/webapps/${domain}`);
        return app.body.status === 'running' ? null : `the app is ${app.body.status}`;
      },
    );

    {
      const stop = keepRequesting(domain);
      await sleep(1_000);
      const at = Date.now();
      await platform.restartApi();
      const recoverMs = Date.now() - at;
      await sleep(1_000);
      const tally = await stop();
      rows.push({ fault: 'panel-api restart', sent: tally.sent, failed: tally.failed, jobs: 0, lost: 0, recoverMs, note: 'API answers again' });
    }
  } finally {
    await platform.stop();
  }

  console.log('\nbench/faults (requests: a loop of GET / to one hosted app through Caddy)');
  const header = ['fault', 'requests', 'failed', 'jobs', 'jobs lost', 'recovered in', 'what happened'];
  const table = rows.map((r) => [r.fault, String(r.sent), String(r.failed), String(r.jobs), String(r.lost), `${(r.recoverMs / 1000).toFixed(1)} s`, r.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  for (const row of [header, ...table]) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`);
  console.log(`jobs_lost=${rows.reduce((s, r) => s + r.lost, 0)}`);
  console.log(`failed_requests=${rows.reduce((s, r) => s + r.failed, 0)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
