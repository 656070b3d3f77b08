import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsoleView, NodeView } from '@panel/contracts';
import { DataSource } from 'typeorm';
import { startExtraNode } from '../testing/extra-node';
import { startTestPlatform, TestClient } from '../testing/platform';

/**
 * Two nodes of one platform on this machine: the test platform's worker (node A) and a second worker (node B) with
 * its own node id, Caddy and runtime directory, sharing the database, Redis, Docker and the data directory.
 */
describe('placement over two nodes', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let nodeB: Awaited<ReturnType<typeof startExtraNode>>;
  let admin: TestClient;
  let nodeA: string;
  let nodeBId: string;
  /** An account whose home is node A (from the cordon test on). */
  let bob: { client: TestClient; username: string };

  const nodes = async () => (await admin.get<NodeView[]>('/api/nodes')).body;
  const node = async (id: string) => (await nodes()).find((n) => n.id === id)!;
  const homeOf = async (username: string) =>
    ((await platform.api.get(DataSource).query('SELECT home_node_id FROM accounts WHERE username = ?', [username])) as { home_node_id: string | null }[])[0]?.home_node_id;

  async function newAccount() {
    const client = new TestClient(platform.url);
    const session = await client.signup();
    return { client, username: session.account.username };
  }

  async function openConsole(client: TestClient, pythonVersion = '3.11') {
    const res = await client.post<ConsoleView>('/api/consoles', { kind: 'bash', pythonVersion });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  before(async () => {
    platform = await startTestPlatform();
    nodeA = platform.config.nodeId;
    admin = new TestClient(platform.url);
    const session = await admin.signup();
    await platform.api.get(DataSource).query('UPDATE accounts SET role = ? WHERE id = ?', ['admin', session.account.id]);

    nodeB = await startExtraNode(platform.config, 'b', 3);
    nodeBId = nodeB.nodeId;
  });

  after(async () => {
    await nodeB?.close();
    await platform?.close();
  });

  test('a second node registers, is active once its images are there, and is listed with what is placed on it', async () => {
    const b = await until('node B active', () => node(nodeBId), (n) => n?.state === 'active' && n.online);
    assert.ok(b.images.includes('panel-python:3.11'), JSON.stringify(b.images));
    assert.deepEqual({ accounts: b.accounts, webapps: b.webapps, consoles: b.consoles }, { accounts: 0, webapps: 0, consoles: 0 });
    assert.equal((await node(nodeA)).state, 'active');
  });

  test("a cordoned node gets no new accounts; an account's consoles all run on its home node, even once that is cordoned", async () => {
    assert.equal((await admin.post(`/api/nodes/${nodeA}/cordon`)).body.state, 'cordoned');
    const alice = await newAccount();
    const first = await openConsole(alice.client);
    assert.equal(await homeOf(alice.username), nodeBId, 'the only active node is her home');
    // Through PythonAnywhere's consoles API: the command runs in her console container, on node B's engine.
    const pa = `/api/v0/user/${alice.username}/consoles/${first.id}`;
    const sent = await alice.client.post(`${pa}/send_input/`, { input: 'echo ran-on-$((40+2)) $(hostname)\n' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    await until('her console answers', async () => (await alice.client.get<{ output: string }>(`${pa}/get_latest_output/`)).body.output ?? '', (text) => text.includes('ran-on-42'));
    assert.equal((await node(nodeBId)).consoles, 1);

    assert.equal((await admin.post(`/api/nodes/${nodeA}/uncordon`)).body.state, 'active');
    assert.equal((await admin.post(`/api/nodes/${nodeBId}/cordon`)).body.state, 'cordoned');
    await openConsole(alice.client, '3.13');
    assert.equal((await node(nodeBId)).consoles, 2, 'her new console went home, to the cordoned node');
    bob = await newAccount();
    await openConsole(bob.client);
    assert.equal(await homeOf(bob.username), nodeA);
    assert.equal((await admin.post(`/api/nodes/${nodeBId}/uncordon`)).body.state, 'active');
  });

  test('a new account goes to the active node with the most free memory', async () => {
    // Node B runs alice's two console containers; bob's three make node A (listed first) the fuller one.
    await openConsole(bob.client, '3.13');
    await openConsole(bob.client, '3.9');
    const carol = await newAccount();
    await openConsole(carol.client);
    assert.equal(await homeOf(carol.username), nodeBId);
  });

  test('only an operator acts on nodes, an unknown node is 404, and a node in use or still running is not removed', async () => {
    const { client: stranger } = await newAccount();
    for (const [method, path] of [['POST', `/api/nodes/${nodeA}/cordon`], ['POST', `/api/nodes/${nodeA}/uncordon`], ['DELETE', `/api/nodes/${nodeA}`], ['GET', `/api/nodes/${nodeA}`]]) {
      assert.equal((await stranger.request(method, path)).status, 403, `${method} ${path}`);
    }
    assert.equal((await node(nodeA)).state, 'active', 'nothing changed');
    assert.equal((await admin.post('/api/nodes/no-such-node/cordon')).status, 404);
    assert.equal((await admin.request('DELETE', '/api/nodes/no-such-node')).status, 404);

    const running = await admin.request('DELETE', `/api/nodes/${nodeBId}`);
    assert.equal(running.status, 409);
    assert.equal(running.body.code, 'NODE_ONLINE');
    await nodeB.stopWorker();
    await until('node B offline', () => node(nodeBId), (n) => !n.online, 30_000);
    const inUse = await admin.request('DELETE', `/api/nodes/${nodeBId}`);
    assert.equal(inUse.status, 409);
    assert.equal(inUse.body.code, 'NODE_IN_USE');
    assert.match(inUse.body.message, /2 account\(s\), 0 web app\(s\) and 3 console\(s\)/);
    assert.ok((await nodes()).some((n) => n.id === nodeBId), 'the node is still listed');
  });

  test("with no active node a new account's console is refused with a clear 503, and nothing is made", async () => {
    assert.equal((await admin.post(`/api/nodes/${nodeA}/cordon`)).status, 200);
    try {
      const dave = await newAccount();
      const res = await dave.client.post('/api/consoles', { kind: 'bash', pythonVersion: '3.11' });
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.equal(res.body.code, 'NODE_NONE_READY');
      assert.match(res.body.message, /no worker node is active/);
      assert.deepEqual((await dave.client.get('/api/consoles')).body, []);
      assert.equal(await homeOf(dave.username), null);
    } finally {
      await admin.post(`/api/nodes/${nodeA}/uncordon`);
    }
  });
});
