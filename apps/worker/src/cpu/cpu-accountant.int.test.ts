import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import type { AccountUsageView, AlwaysOnTaskView, ScheduledTaskView, TaskRunView } from '@panel/contracts';
import { DataSource } from 'typeorm';
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';
import { engineOf } from '../testing/engine';
import { startTestPlatform, TestClient } from '../testing/platform';
import { CpuAccountant } from './cpu-accountant.service';

const ALLOWANCE = 4;

/** CPU seconds: counted from the account's containers, shown to it, and past the allowance a lower weight, not a kill. */
describe('daily CPU seconds', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let worker: INestApplicationContext;
  let client: TestClient;
  let username: string;
  let accountId: number;

  before(async () => {
    platform = await startTestPlatform({ PANEL_DAILY_CPU_SECONDS: String(ALLOWANCE), PANEL_CPU_SAMPLE_SECONDS: '1' });
    worker = platform.worker;
    client = new TestClient(platform.url);
    const session = await client.signup();
    username = session.account.username;
    accountId = session.account.id;
  });
  after(async () => {
    for (const task of (await client.get<AlwaysOnTaskView[]>('/api/always-on')).body ?? []) await client.delete(`/api/always-on/${task.id}`);
    for (const task of (await client.get<ScheduledTaskView[]>('/api/tasks')).body ?? []) await client.delete(`/api/tasks/${task.id}`);
    await new Promise((r) => setTimeout(r, 3_000)); // the supervisor removes the always-on container
    await worker.close().catch(() => undefined);
    await platform.api.close();
  });

  const usage = async () => (await client.get<AccountUsageView>('/api/account/usage')).body.cpu;
  async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; CPU: ${JSON.stringify(await usage())}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** A pass that starts after now: tick() alone may hand back one already in flight. */
  const nextPass = async () => {
    await worker.get(CpuAccountant).tick();
    await worker.get(CpuAccountant).tick();
  };
  const diagnosis = async () =>
    JSON.stringify({
      usage: await worker.get(DataSource).query('SELECT * FROM account_cpu_usage WHERE account_id = ?', [accountId]),
      marks: await worker.get(DataSource).query('SELECT * FROM workload_cpu_marks WHERE account_id = ?', [accountId]),
    });

  test('a short "Run now" busy loop is counted, though it ends between two passes', async () => {
    const before = (await usage()).usedSeconds;
    assert.equal(before, 0);
    // The run prints the CPU time its command used (bash's `times`: the shell's, then its children's).
    const task = await client.post<ScheduledTaskView>('/api/tasks', { command: "timeout 2 bash -c 'while :; do :; done'; times", interval: 'daily', hour: 3, minute: 0 });
    assert.equal(task.status, 201, JSON.stringify(task.body));
    const run = await client.post<TaskRunView>(`/api/tasks/${task.body.id}/run`);
    assert.equal(run.status, 201, JSON.stringify(run.body));
    await waitFor('the run to end', async () => (await client.get<TaskRunView[]>(`/api/tasks/${task.body.id}/runs`)).body.find((r) => r.id === run.body.id && r.status === 'succeeded'));
    const output = (await client.get<{ output: string }>(`/api/tasks/${task.body.id}/runs/${run.body.id}/output`)).body.output;
    const times = [...output.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    assert.equal(times.length, 4, output);
    const used = times.reduce((a, b) => a + b, 0);
    await nextPass();
    const counted = (await usage()).usedSeconds;
    // Read four times a second while it ran: all but its last quarter second or so, and never more than it used.
    assert.ok(used > 0.3, `the loop used only ${used} s`);
    assert.ok(counted >= used - 0.5 && counted <= used + 0.3, `counted ${counted} s of the ${used} s the run used; ${await diagnosis()}`);
  });

  test('an always-on busy loop past the allowance runs on at a low CPU weight, and at the normal one after the reset', async () => {
    const created = await client.post<AlwaysOnTaskView>('/api/always-on', { command: "exec python3 -c 'while True: pass'" });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const runtime = worker.get<NodeRuntime>(NODE_RUNTIME);
    const container = await waitFor('its container', async () => (await runtime.list({ kind: 'alwayson', taskId: created.body.id })).find((c) => c.state === 'running'));
    const shares = async () => (await engineOf(platform.config).getContainer(container.id).inspect()).HostConfig.CpuShares;

    const over = await waitFor('the allowance to be passed', async () => {
      const cpu = await usage();
      return cpu.throttled && cpu;
    });
    assert.ok(over.usedSeconds > ALLOWANCE);
    assert.equal(over.allowanceSeconds, ALLOWANCE);
    await nextPass();
    assert.equal(await shares(), 102, 'the container runs at the low weight');
    assert.equal((await runtime.inspect(container.id))?.state, 'running', 'nothing is stopped');

    // PythonAnywhere's CPU API gives the same figures.
    const token = (await client.post('/api/account/tokens', { name: 'cpu' })).body.token as string;
    const pa = await fetch(`${platform.url}/api/v0/user/${username}/cpu/`, { headers: { authorization: `Token ${token}` } });
    assert.equal(pa.status, 200);
    const body = (await pa.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['daily_cpu_limit_seconds', 'daily_cpu_total_usage_seconds', 'next_reset_time']);
    assert.equal(body.daily_cpu_limit_seconds, ALLOWANCE);
    assert.ok(Number(body.daily_cpu_total_usage_seconds) > ALLOWANCE);
    assert.match(String(body.next_reset_time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.equal(new Date(`${body.next_reset_time}Z`).toISOString(), over.nextResetAt);
    const other = await fetch(`${platform.url}/api/v0/user/${username}x/cpu/`, { headers: { authorization: `Token ${token}` } });
    assert.equal(other.status, 404);

    // The daily reset: today's count becomes yesterday's, and the next pass gives the normal weight back. The loop is
    // paused first (SIGSTOP; the container keeps running), so that it cannot pass the small allowance again meanwhile.
    const details = await runtime.inspect(container.id);
    await runtime.exec(container.id, { cmd: ['pkill', '-STOP', '-f', 'while True'], user: details!.user });
    await worker.get(DataSource).query('UPDATE account_cpu_usage SET period_start = period_start - INTERVAL 1 DAY WHERE account_id = ?', [accountId]);
    await nextPass();
    const fresh = await usage();
    assert.ok(fresh.usedSeconds < ALLOWANCE && !fresh.throttled, `${JSON.stringify(fresh)}; ${await diagnosis()}`);
    assert.equal(await shares(), 1024, 'the normal weight again');
  });
});
