/**
 * bench/tasks: scheduled and always-on tasks on one node (panel-api and a worker in this process, real Docker).
 * - schedule_p50_s / schedule_p95_s: 10 tasks due in the same minute, from the due time to the command's first
 *   instruction in its container (it prints the clock: `date +%s%3N`);
 * - all_100_started_s: 100 tasks due in the same minute, the due time until the last of them started its command
 *   (PANEL_TASK_CONCURRENCY runs at once; the rest wait in the node's queue);
 * - always_on_restart_s_p50: an always-on task's process killed, until it runs again, over 5 kills.
 */
import type { AlwaysOnTaskView, ScheduledTaskView } from '@panel/contracts';
import { taskRunLogStore } from '@panel/jobs';
import { DataSource } from 'typeorm';
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';
import { startTestPlatform, TestClient } from '../testing/platform';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];

async function until<T>(what: string, probe: () => Promise<T | null | false | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function main() {
  const platform = await startTestPlatform({ PANEL_MAX_SCHEDULED_TASKS: '200' });
  const dataSource = platform.worker.get(DataSource);
  const logs = taskRunLogStore(platform.config.dataDir);
  const client = new TestClient(platform.url);
  await client.signup();

  /** Makes `count` tasks due every minute, waits for the next minute's runs; each task's start delay in seconds. */
  async function minuteOf(count: number): Promise<number[]> {
    // Far enough from the minute's end that every task exists before it.
    const toBoundary = 60_000 - (Date.now() % 60_000);
    if (toBoundary < 20_000) await new Promise((r) => setTimeout(r, toBoundary + 500));
    const tasks: ScheduledTaskView[] = [];
    for (let i = 0; i < count; i++) {
      const res = await client.post<ScheduledTaskView>('/api/tasks', { command: 'date +%s%3N', interval: 'cron', cron: '* * * * *' });
      if (res.status !== 201) throw new Error(`creating a task: ${res.status} ${JSON.stringify(res.body)}`);
      tasks.push(res.body);
    }
    const due = Math.min(...tasks.map((t) => new Date(t.nextRunAt!).getTime()));
    const ids = tasks.map((t) => t.id);
    const rows = await until(
      `${count} runs due at ${new Date(due).toISOString()} finished`,
      async () => {
        const found: { id: string; status: string }[] = await dataSource.query(`SELECT id, status FROM task_runs WHERE due_at = ? AND task_id IN (${ids.map(() => '?').join(',')})`, [new Date(due), ...ids]);
        return found.length === count && found.every((r) => r.status === 'succeeded' || r.status === 'failed') && found;
      },
      due - Date.now() + 300_000,
      1_000,
    );
    const delays: number[] = [];
    for (const row of rows) {
      const printed = Number((await logs.read(row.id)).trim().split('\n')[0]);
      if (Number.isFinite(printed)) delays.push((printed - due) / 1000);
    }
    for (const task of tasks) await client.delete(`/api/tasks/${task.id}`);
    return delays.sort((a, b) => a - b);
  }

  try {
    const ten = await minuteOf(10);
    console.log(`10 tasks due at the same minute: started ${ten.map((d) => d.toFixed(2)).join(', ')} s after it`);
    const hundred = await minuteOf(100);
    console.log(`100 tasks due at the same minute: first ${hundred[0].toFixed(2)} s, median ${percentile(hundred, 0.5).toFixed(2)} s, last ${hundred.at(-1)!.toFixed(2)} s after it (${hundred.length} printed the clock)`);

    const runtime = platform.worker.get<NodeRuntime>(NODE_RUNTIME);
    const made = await client.post<AlwaysOnTaskView>('/api/always-on', { command: 'exec sleep 100000' });
    const id = made.body.id;
    const restarts: number[] = [];
    for (let kill = 0; kill < 5; kill++) {
      const container = await until('the always-on container', async () => (await runtime.list({ kind: 'alwayson', taskId: id })).find((c) => c.state === 'running'), 60_000);
      const user = (await runtime.inspect(container.id))!.user;
      await until('its sleep running', async () => (await runtime.exec(container.id, { cmd: ['pgrep', '-x', 'sleep'], user })).exitCode === 0, 30_000, 100);
      const killed = Date.now();
      await runtime.exec(container.id, { cmd: ['pkill', '-x', 'sleep'], user });
      await until('it runs again', async () => (await runtime.exec(container.id, { cmd: ['pgrep', '-x', 'sleep'], user }).catch(() => ({ exitCode: 1 }))).exitCode === 0, 120_000, 50);
      restarts.push((Date.now() - killed) / 1000);
      // The engine's delay grows with quick restarts and resets after 10 s of running: each kill after that.
      await new Promise((r) => setTimeout(r, 11_000));
    }
    await client.delete(`/api/always-on/${id}`);
    restarts.sort((a, b) => a - b);
    console.log(`always-on restart after a kill: ${restarts.map((s) => s.toFixed(2)).join(', ')} s`);

    console.log(`schedule_p50_s=${percentile(ten, 0.5).toFixed(2)}`);
    console.log(`schedule_p95_s=${percentile(ten, 0.95).toFixed(2)}`);
    console.log(`all_100_started_s=${hundred.at(-1)!.toFixed(2)}`);
    console.log(`always_on_restart_s_p50=${percentile(restarts, 0.5).toFixed(2)}`);
  } finally {
    await new Promise((r) => setTimeout(r, 3_000)); // the supervisor removes the always-on container
    await platform.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
