import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { ScheduledTaskView, TaskRunOutputView, TaskRunView } from '@panel/contracts';
import { ScheduledTaskEntity } from '@panel/database';
import { TaskQueues } from '@panel/jobs';
import { DataSource } from 'typeorm';
import { startTestPlatform, TestClient } from '../testing/platform';
import { startTestWorker } from '../testing/test-worker';

const LIMIT = 6;

/** Scheduled tasks end to end: panel-api, BullMQ's schedulers, the worker and the account's one-off containers. */
describe('scheduled tasks', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let worker: INestApplicationContext;
  let client: TestClient;
  let username: string;
  let uid: number;

  before(async () => {
    platform = await startTestPlatform({ PANEL_MAX_SCHEDULED_TASKS: String(LIMIT) });
    worker = platform.worker;
    client = new TestClient(platform.url);
    const session = await client.signup();
    username = session.account.username;
    uid = session.account.uid;
  });
  after(async () => {
    await worker.close().catch(() => undefined);
    await platform.api.close();
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await client.post<ScheduledTaskView>('/api/tasks', { interval: 'daily', hour: 3, minute: 0, ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const patch = (id: number, body: unknown) => client.request<ScheduledTaskView>('PATCH', `/api/tasks/${id}`, body);
  const runs = async (id: number) => (await client.get<TaskRunView[]>(`/api/tasks/${id}/runs`)).body;
  const output = async (id: number, runId: string) => (await client.get<TaskRunOutputView>(`/api/tasks/${id}/runs/${runId}/output`)).body.output;

  async function waitForRun(id: number, done: (run: TaskRunView) => boolean, timeoutMs = 60_000): Promise<TaskRunView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await runs(id)).find(done);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such run of task ${id}: ${JSON.stringify(await runs(id))}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const finished = (run: TaskRunView) => ['succeeded', 'failed', 'skipped'].includes(run.status);

  async function deleteAll() {
    for (const task of (await client.get<ScheduledTaskView[]>('/api/tasks')).body) assert.equal((await client.delete(`/api/tasks/${task.id}`)).status, 204);
  }

  test('"Run now" runs the command once as the account in its working directory, keeps its output and appends it to /var/log/tasklog-<id>.log', async () => {
    const home = join(platform.config.homesDir, username);
    await mkdir(join(home, 'jobs'));
    await chown(join(home, 'jobs'), uid, uid);
    const task = await create({ command: 'id -un; pwd; echo "made by $USER" > made.txt; echo done', workingDirectory: 'jobs', description: 'nightly' });
    assert.equal(task.workingDirectory, `/home/${username}/jobs`);
    assert.equal(task.printableTime, '03:00');
    assert.equal(task.logfile, `/var/log/tasklog-${task.id}.log`);
    assert.ok(task.nextRunAt, 'an enabled task has its next run from the scheduler');

    const started = await client.post<TaskRunView>(`/api/tasks/${task.id}/run`);
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.trigger, 'manual');
    const run = await waitForRun(task.id, (r) => r.id === started.body.id && finished(r));
    assert.equal(run.status, 'succeeded', JSON.stringify(run));
    assert.equal(run.exitCode, 0);
    assert.ok(run.durationMs !== null && run.durationMs >= 0);
    const text = await output(task.id, run.id);
    assert.match(text, new RegExp(`^${username}\\n/home/${username}/jobs\\ndone`, 'm'));

    const made = join(home, 'jobs', 'made.txt');
    assert.equal((await readFile(made, 'utf8')).trim(), `made by ${username}`);
    assert.equal((await stat(made)).uid, uid, 'the file belongs to the account, not root');
    const tasklog = join(platform.config.webLogsDir, username, `tasklog-${task.id}.log`);
    assert.match(await readFile(tasklog, 'utf8'), /done\n[\s\S]*exit code 0/);
    assert.equal((await stat(tasklog)).uid, uid);
    assert.equal((await runs(task.id)).length, 1, 'one run, started once');
  });

  test('a failing command is recorded as failed with its exit code and output; a .py path runs with Python', async () => {
    const failing = await create({ command: 'echo "about to fail" >&2; exit 3' });
    const started = (await client.post<TaskRunView>(`/api/tasks/${failing.id}/run`)).body;
    const run = await waitForRun(failing.id, (r) => r.id === started.id && finished(r));
    assert.equal(run.status, 'failed');
    assert.equal(run.exitCode, 3);
    assert.match(run.message ?? '', /exited with code 3/);
    assert.match(await output(failing.id, run.id), /about to fail/);

    const script = join(platform.config.homesDir, username, 'hello.py');
    await writeFile(script, 'import sys\nprint("python", sys.version_info[0], sys.version_info[1])\n');
    await chown(script, uid, uid);
    const python = await create({ command: `/home/${username}/hello.py` });
    assert.deepEqual(await runs(python.id), [], 'nothing runs before it is asked to or due');
    const pyStarted = (await client.post<TaskRunView>(`/api/tasks/${python.id}/run`)).body;
    const pyDone = await waitForRun(python.id, (r) => r.id === pyStarted.id && finished(r));
    assert.equal(pyDone.status, 'succeeded', await output(python.id, pyDone.id));
    assert.match(await output(python.id, pyDone.id), /^python 3 11$/m);
    await deleteAll();
  });

  test('a run still going is not overlapped: "Run now" is a 409 and a due time records a skipped run that says why', async () => {
    const task = await create({ command: 'sleep 6; echo slept' });
    const started = (await client.post<TaskRunView>(`/api/tasks/${task.id}/run`)).body;
    await waitForRun(task.id, (r) => r.id === started.id && r.status === 'running');
    const again = await client.post(`/api/tasks/${task.id}/run`);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'TASK_ALREADY_RUNNING');
    // What a tick of the scheduler does at a due time.
    const queues = worker.get(TaskQueues);
    const row = await worker.get(DataSource).getRepository(ScheduledTaskEntity).findOneByOrFail({ id: task.id });
    const dueAt = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    assert.equal(await queues.startRun(worker.get(DataSource), row, 'schedule', dueAt), null);
    assert.equal(await queues.startRun(worker.get(DataSource), row, 'schedule', dueAt), null, 'the same due time delivered twice');
    const skipped = (await runs(task.id)).filter((r) => r.status === 'skipped');
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0].dueAt, dueAt.toISOString());
    assert.match(skipped[0].message ?? '', /Skipped: the previous run \(started at .*\) was still going/);
    const done = await waitForRun(task.id, (r) => r.id === started.id && finished(r));
    assert.equal(done.status, 'succeeded');
    assert.equal((await runs(task.id)).filter((r) => r.status !== 'skipped').length, 1);
    await deleteAll();
  });

  test('a run past its time limit is stopped and recorded as such', async () => {
    const task = await create({ command: 'echo starting; sleep 60', timeLimitSeconds: 10 });
    const started = (await client.post<TaskRunView>(`/api/tasks/${task.id}/run`)).body;
    const run = await waitForRun(task.id, (r) => r.id === started.id && finished(r), 40_000);
    assert.equal(run.status, 'failed');
    assert.match(run.message ?? '', /longer than its time limit of 10 s/);
    assert.ok(run.durationMs! < 30_000);
    assert.match(await output(task.id, run.id), /starting/);
    await deleteAll();
  });

  test('bad input is a 400 naming the field and creates nothing; the per-account limit is a clear 403', async () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ command: 'x', interval: 'cron', cron: '61 * * * *' }, /cron/],
      [{ command: 'x', interval: 'cron', cron: 'every day' }, /cron/],
      [{ command: 'x', hour: 24 }, /hour/],
      [{ command: 'x', minute: 60 }, /minute/],
      [{ command: 'x', interval: 'hourly', minute: undefined }, /minute/],
      [{ command: '   ' }, /command/],
      [{ command: 'x'.repeat(10_001) }, /command/],
      [{ command: 'x', workingDirectory: '/etc' }, /workingDirectory/],
      [{ command: 'x', workingDirectory: '../../' }, /workingDirectory/],
      [{ command: 'x', workingDirectory: 'no-such-folder' }, /workingDirectory/],
      [{ command: 'x', timeLimitSeconds: 10 ** 7 }, /timeLimitSeconds/],
    ];
    for (const [body, field] of bad) {
      const res = await client.post('/api/tasks', { interval: 'daily', hour: 3, minute: 0, ...body });
      assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, field);
    }
    assert.deepEqual((await client.get('/api/tasks')).body, []);

    const task = await create({ command: 'true' });
    const refused = await patch(task.id, { hour: 24 });
    assert.equal(refused.status, 400);
    assert.equal((await client.get<ScheduledTaskView>(`/api/tasks/${task.id}`)).body.hour, 3, 'a refused edit changes nothing');

    const cron = await patch(task.id, { interval: 'cron', cron: '*/15 * * * *' });
    assert.equal(cron.status, 200, JSON.stringify(cron.body));
    assert.equal(cron.body.hour, null);
    assert.equal(cron.body.printableTime, '*/15 * * * *');
    const disabled = await patch(task.id, { enabled: false });
    assert.equal(disabled.body.enabled, false);
    assert.equal(disabled.body.nextRunAt, null, 'a disabled task has no scheduler');

    for (let i = 1; i < LIMIT; i++) await create({ command: `echo ${i}` });
    const over = await client.post('/api/tasks', { command: 'echo over', interval: 'hourly', minute: 5 });
    assert.equal(over.status, 403);
    assert.equal(over.body.code, 'TASK_LIMIT_REACHED');
    assert.match(over.body.message, new RegExp(`most an account may have \\(${LIMIT}\\)`));
    await deleteAll();
  });

  test("another account's tasks and runs are a 404 on every endpoint", async () => {
    const task = await create({ command: 'echo mine' });
    const started = (await client.post<TaskRunView>(`/api/tasks/${task.id}/run`)).body;
    await waitForRun(task.id, (r) => r.id === started.id && finished(r));
    const other = new TestClient(platform.url);
    await other.signup();
    const attempts = [
      () => other.get(`/api/tasks/${task.id}`),
      () => other.request('PATCH', `/api/tasks/${task.id}`, { command: 'echo theirs' }),
      () => other.post(`/api/tasks/${task.id}/run`),
      () => other.get(`/api/tasks/${task.id}/runs`),
      () => other.get(`/api/tasks/${task.id}/runs/${started.id}/output`),
      () => other.delete(`/api/tasks/${task.id}`),
    ];
    for (const attempt of attempts) assert.equal((await attempt()).status, 404);
    assert.deepEqual((await other.get('/api/tasks')).body, []);
    const mine = (await client.get<ScheduledTaskView>(`/api/tasks/${task.id}`)).body;
    assert.equal(mine.command, 'echo mine');
    assert.equal((await runs(task.id)).length, 1);
    await deleteAll();
  });

  test('PythonAnywhere’s schedule API answers as pythonanywhere-core’s Schedule expects', async () => {
    const token = (await client.post('/api/account/tokens', { name: 'pa schedule' })).body.token as string;
    const base = `${platform.url}/api/v0/user/${username}/schedule/`;
    const pa = (method: string, url: string, body?: unknown, form = false) =>
      fetch(url, {
        method,
        headers: { authorization: `Token ${token}`, ...(body ? { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' } : {}) },
        body: body ? (form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body)) : undefined,
      });

    const missing = await pa('POST', base, {});
    assert.equal(missing.status, 400);
    assert.deepEqual(await missing.json(), { command: ['This field is required.'], interval: ['This field is required.'], minute: ['This field is required.'] });
    const badHour = await pa('POST', base, { command: 'echo foo', interval: 'daily', hour: 24, minute: 0 });
    assert.equal(badHour.status, 400);
    assert.deepEqual(await badHour.json(), { hour: ['Ensure this value is less than or equal to 23.'] });
    assert.deepEqual((await client.get('/api/tasks')).body, []);

    const daily = await pa('POST', base, { command: 'echo foo', enabled: true, interval: 'daily', hour: 16, minute: 0 });
    assert.equal(daily.status, 201);
    const spec = (await daily.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(spec).sort(), ['can_enable', 'command', 'description', 'enabled', 'expiry', 'extend_url', 'hour', 'id', 'interval', 'logfile', 'minute', 'printable_time', 'url', 'user']);
    assert.equal(spec.printable_time, '16:00');
    assert.equal(spec.user, username);
    assert.equal(spec.url, `/api/v0/user/${username}/schedule/${spec.id}/`);
    assert.equal(spec.logfile, `/user/${username}/files/var/log/tasklog-${spec.id}.log`);

    const hourly = await pa('POST', base, { command: 'echo bar', enabled: 'True', interval: 'hourly', minute: '5' }, true);
    assert.equal(hourly.status, 201);
    const hourlySpec = (await hourly.json()) as Record<string, unknown>;
    assert.equal(hourlySpec.hour, null);
    assert.equal(hourlySpec.printable_time, '05 minutes past');

    const listed = (await (await pa('GET', base)).json()) as Array<Record<string, unknown>>;
    assert.deepEqual(listed.map((t) => t.id), [spec.id, hourlySpec.id]);
    const updated = await pa('PATCH', `${base}${spec.id}/`, { enabled: false, minute: 30 });
    assert.equal(updated.status, 200);
    const updatedSpec = (await updated.json()) as Record<string, unknown>;
    assert.equal(updatedSpec.enabled, false);
    assert.equal(updatedSpec.printable_time, '16:30');
    const toDaily = await pa('PATCH', `${base}${hourlySpec.id}/`, { interval: 'daily' });
    assert.equal(toDaily.status, 400);
    assert.deepEqual(await toDaily.json(), { hour: ['This field is required.'] });
    const replaced = await pa('PUT', `${base}${hourlySpec.id}/`, { command: 'echo baz', interval: 'daily', hour: 1, minute: 2 });
    assert.equal(replaced.status, 200);
    assert.equal(((await replaced.json()) as Record<string, unknown>).printable_time, '01:02');

    assert.equal((await pa('DELETE', `${base}${spec.id}/`)).status, 204);
    assert.equal((await pa('GET', `${base}${spec.id}/`)).status, 404);
    assert.equal((await pa('GET', `${platform.url}/api/v0/user/someone-else/schedule/`)).status, 404);
    await deleteAll();
  });

  test('a task due in the next minute runs by its schedule, once, even though the worker restarts across its due time', async () => {
    // Not within seconds of a minute's end: the worker is to go away before the due time.
    const toBoundary = 60_000 - (Date.now() % 60_000);
    if (toBoundary < 8_000) await new Promise((r) => setTimeout(r, toBoundary + 1_000));
    const task = await create({ command: 'echo "scheduled as $(id -un)"', interval: 'cron', cron: '* * * * *' });
    const due = new Date(task.nextRunAt!);
    const createdAt = new Date();
    assert.equal(due.getTime() % 60_000, 0);
    // The worker goes away before the due time and comes back after it.
    await worker.close();
    const wait = due.getTime() + 3_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    worker = (await startTestWorker()).worker;
    const run = await waitForRun(task.id, (r) => r.dueAt === due.toISOString() && finished(r), 60_000).catch((error: Error) => {
      throw new Error(`created at ${createdAt.toISOString()}, due ${due.toISOString()}: ${error.message}`);
    });
    assert.equal(run.status, 'succeeded', JSON.stringify(run));
    assert.equal(run.trigger, 'schedule');
    assert.ok(new Date(run.startedAt!).getTime() >= due.getTime());
    assert.match(await output(task.id, run.id), new RegExp(`scheduled as ${username}`));
    assert.equal((await runs(task.id)).filter((r) => r.dueAt === due.toISOString()).length, 1, 'the due time ran once');
    assert.equal((await patch(task.id, { enabled: false })).status, 200);
    await deleteAll();
  });
});
