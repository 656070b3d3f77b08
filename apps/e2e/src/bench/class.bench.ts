/**
 * bench/class: a class at once. 30 accounts each create an environment with the tutorial's packages in the same
 * second; prints the time until all are ready and p50/p95 per account (request to ready). Then one account queues 10
 * builds and a 31st account asks for its first one: how long that job waited in the queue (created to started),
 * against one build's duration.
 */
import type { JobView } from '@panel/contracts';
import { startPlatform } from '../platform';
import { BenchClient, ms, percentile } from './api-client';

const PACKAGES = ['flask', 'flask-sqlalchemy', 'flask-migrate', 'flask-login', 'pymysql'];
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 30);
const BACKLOG = 10;

async function build(client: BenchClient, name: string): Promise<{ jobId: string }> {
  const created = await client.call('POST', '/api/environments', { name, pythonVersion: '3.11', requirements: PACKAGES.join('\n') });
  if (created.status !== 201) throw new Error(`${client.username}: ${created.status} ${JSON.stringify(created.body)}`);
  return { jobId: created.body.job.id };
}

const seconds = (value: number) => (value / 1000).toFixed(1);

async function main() {
  const platform = await startPlatform();
  try {
    const students = await Promise.all(Array.from({ length: STUDENTS }, async () => {
      const client = new BenchClient(platform.url);
      await client.signup('class');
      return client;
    }));

    // Everyone presses Create in the same second.
    const started = performance.now();
    const perAccount = await Promise.all(
      students.map(async (client) => {
        const asked = performance.now();
        const { jobId } = await build(client, 'tutorial');
        const job = await client.waitForJob(jobId, 1_800_000);
        if (job.status !== 'succeeded') throw new Error(`${client.username}: build ${job.status}: ${job.error}`);
        return { ready: performance.now() - asked, job };
      }),
    );
    const allReady = performance.now() - started;
    const times = perAccount.map((r) => r.ready);
    const durations = perAccount.map(({ job }) => Date.parse(job.finishedAt!) - Date.parse(job.startedAt!));
    console.log(`class: ${STUDENTS} accounts create an environment (${PACKAGES.join(' ')}, Python 3.11) in the same second`);
    console.log(`  all ready after ${seconds(allReady)} s; per account, request to ready: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))}`);
    console.log(`  one build runs for p50 ${ms(percentile(durations, 50))} (from its start to its end)`);

    // One account queues ten builds; another account's first one must not wait behind them.
    const greedy = students[0];
    const backlog: string[] = [];
    for (let i = 0; i < BACKLOG; i++) backlog.push((await build(greedy, `backlog-${i}`)).jobId);
    const newcomer = new BenchClient(platform.url);
    await newcomer.signup('late');
    const { jobId } = await build(newcomer, 'tutorial');
    const job = await newcomer.waitForJob(jobId, 1_800_000);
    if (job.status !== 'succeeded') throw new Error(`the 31st account's build ${job.status}: ${job.error}`);
    const waited = Date.parse(job.startedAt!) - Date.parse(job.createdAt);
    const backlogJobs: JobView[] = [];
    for (const id of backlog) backlogJobs.push(await greedy.waitForJob(id, 1_800_000));
    const buildP50 = percentile(backlogJobs.map((j) => Date.parse(j.finishedAt!) - Date.parse(j.startedAt!)), 50);
    console.log(`  with one account's ${BACKLOG} builds queued, a new account's first build waited ${ms(waited)} in the queue (one build: ${ms(buildP50)}; target: at most one build)`);

    console.log(`class_all_ready_s=${seconds(allReady)}`);
    console.log(`class_p95_s=${seconds(percentile(times, 95))}`);
    console.log(`starved_wait_s=${seconds(waited)}`);
  } finally {
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
