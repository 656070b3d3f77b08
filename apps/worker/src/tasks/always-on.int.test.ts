import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import type { AlwaysOnLogView, AlwaysOnTaskView } from '@panel/contracts';
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';
import { startTestPlatform, TestClient } from '../testing/platform';
import { startTestWorker } from '../testing/test-worker';

/** Always-on tasks: supervised long-lived containers of the account, restarted with backoff, kept across worker restarts. */
describe('always-on tasks', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let worker: INestApplicationContext;
  let client: TestClient;
  let username: string;

  before(async () => {
    platform = await startTestPlatform({ PANEL_MAX_ALWAYS_ON_TASKS: '3' });
    worker = platform.worker;
    client = new TestClient(platform.url);
    username = (await client.signup()).account.username;
  });
  after(async () => {
    for (const task of (await client.get<AlwaysOnTaskView[]>('/api/always-on')).body ?? []) await client.delete(`/api/always-on/${task.id}`);
    await new Promise((r) => setTimeout(r, 4_000)); // the supervisor removes their containers
    await worker.close().catch(() => undefined);
    await platform.api.close();
  });

  const runtime = () => worker.get<NodeRuntime>(NODE_RUNTIME);
  const containersOf = async (id: number) => (await runtime().list({ kind: 'alwayson', taskId: id })).filter((c) => c.state === 'running' || c.state === 'restarting');
  const get = async (id: number) => (await client.get<AlwaysOnTaskView>(`/api/always-on/${id}`)).body;
  const log = async (id: number) => (await client.get<AlwaysOnLogView>(`/api/always-on/${id}/log`)).body.log;

  async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the tasks: ${JSON.stringify((await client.get('/api/always-on')).body)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  test('runs as the account and is back within 10 s after its process is killed; survives a worker restart', async () => {
    const created = await client.post<AlwaysOnTaskView>('/api/always-on', { command: 'echo "up as $(id -un)"; exec sleep 1000', description: 'a bot' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    assert.equal(created.body.logfile, `/var/log/alwayson-log-${id}.log`);
    await waitFor('running', async () => (await get(id)).state === 'running');
    await waitFor('its log', async () => new RegExp(`up as ${username}`).test(await log(id)));
    const [container] = await containersOf(id);
    assert.ok(container);

    // Kill its program: the engine starts it again at once.
    const killedAt = Date.now();
    const details = await runtime().inspect(container.id);
    await runtime().exec(container.id, { cmd: ['pkill', '-x', 'sleep'], user: details!.user });
    await waitFor('a second start', async () => ((await log(id)).match(/starting ---/g) ?? []).length >= 2, 10_000);
    assert.ok(Date.now() - killedAt < 10_000);
    await waitFor('the restart counted', async () => (await get(id)).restarts >= 1);

    // The worker goes away and comes back: the same container keeps running and is adopted.
    await worker.close();
    await new Promise((r) => setTimeout(r, 1_500));
    worker = (await startTestWorker()).worker;
    const [after] = await containersOf(id);
    assert.equal(after?.id, container.id, 'the same container, not a new one');
    await waitFor('still running', async () => (await runtime().inspect(container.id))?.state === 'running');
  });

  test('one that exits at once is "crashing" with its exit code; pause stops it, restart makes a new container', async () => {
    const created = await client.post<AlwaysOnTaskView>('/api/always-on', { command: 'echo giving up; exit 4' });
    const id = created.body.id;
    const crashing = await waitFor('crashing', async () => {
      const t = await get(id);
      return t.state === 'crashing' && t.lastExitCode === 4 && t;
    });
    assert.ok(crashing.restarts >= 1);
    assert.match(await log(id), /giving up[\s\S]*exited with code 4/);

    const paused = await client.request<AlwaysOnTaskView>('PATCH', `/api/always-on/${id}`, { enabled: false });
    assert.equal(paused.body.state, 'paused');
    await waitFor('its container gone', async () => (await containersOf(id)).length === 0);
    assert.equal((await client.post(`/api/always-on/${id}/restart`)).status, 409, 'a paused task is not restarted');

    const edited = await client.request<AlwaysOnTaskView>('PATCH', `/api/always-on/${id}`, { command: 'exec sleep 1000', enabled: true });
    assert.equal(edited.body.state, 'starting');
    await waitFor('running', async () => (await get(id)).state === 'running');
    const [first] = await containersOf(id);
    const restarted = await client.post<AlwaysOnTaskView>(`/api/always-on/${id}/restart`);
    assert.equal(restarted.status, 200);
    await waitFor('a new container', async () => {
      const now = await containersOf(id);
      return now.length === 1 && now[0].id !== first.id;
    });
    assert.equal((await client.delete(`/api/always-on/${id}`)).status, 204);
    await waitFor('no container left', async () => (await containersOf(id)).length === 0);
  });

  test("bad input and the per-account limit are refused; another account's task is a 404; the PythonAnywhere API", async () => {
    for (const body of [{ command: '' }, { command: 'x'.repeat(10_001) }, { command: 'x', workingDirectory: '/etc' }, { command: 'x', virtualenv: '../up' }]) {
      const res = await client.post('/api/always-on', body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
    }
    const mine = (await client.post<AlwaysOnTaskView>('/api/always-on', { command: 'exec sleep 1000', enabled: false })).body;
    const other = new TestClient(platform.url);
    await other.signup();
    for (const attempt of [
      () => other.get(`/api/always-on/${mine.id}`),
      () => other.get(`/api/always-on/${mine.id}/log`),
      () => other.request('PATCH', `/api/always-on/${mine.id}`, { enabled: true }),
      () => other.post(`/api/always-on/${mine.id}/restart`),
      () => other.delete(`/api/always-on/${mine.id}`),
    ]) {
      assert.equal((await attempt()).status, 404);
    }
    assert.equal((await get(mine.id)).enabled, false);

    const token = (await client.post('/api/account/tokens', { name: 'pa always-on' })).body.token as string;
    const base = `${platform.url}/api/v0/user/${username}/always_on/`;
    const pa = (method: string, url: string, body?: unknown) =>
      fetch(url, { method, headers: { authorization: `Token ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const missing = await pa('POST', base, {});
    assert.equal(missing.status, 400);
    assert.deepEqual(await missing.json(), { command: ['This field is required.'] });
    const made = await pa('POST', base, { command: 'exec sleep 1000', description: 'from the API', enabled: false });
    assert.equal(made.status, 201);
    const spec = (await made.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(spec).sort(), ['command', 'description', 'enabled', 'id', 'logfile', 'state', 'url', 'user']);
    assert.equal(spec.state, 'paused');
    // With the first test's task, mine and this one, the account has its 3.
    assert.equal((await client.get<AlwaysOnTaskView[]>('/api/always-on')).body.length, 3);
    const limited = await client.post('/api/always-on', { command: 'exec sleep 1000' });
    assert.equal(limited.status, 403);
    assert.equal(limited.body.code, 'TASK_LIMIT_REACHED');
    const patched = await pa('PATCH', `${base}${spec.id}/`, { description: 'renamed' });
    assert.equal(((await patched.json()) as Record<string, unknown>).description, 'renamed');
    assert.equal((await pa('POST', `${base}${spec.id}/restart/`)).status, 409);
    assert.equal((await pa('DELETE', `${base}${spec.id}/`)).status, 204);
    assert.equal((await pa('GET', `${base}${spec.id}/`)).status, 404);
  });
});
