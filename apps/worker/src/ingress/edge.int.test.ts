import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobView } from '@panel/contracts';
import { DataSource } from 'typeorm';
import { appRequest } from '../testing/app-http';
import { startCaddy, startExtraNode } from '../testing/extra-node';
import { startTestPlatform, TestClient, waitForJob } from '../testing/platform';
import { LeaderLock } from '../leadership/leader-lock.service';
import { NodeWatch } from '../nodes/node-watch.service';
import { runtimeOf } from '../testing/engine';
import { EdgeIngress } from './edge-ingress.service';
import { ConsoleSocket } from '../testing/console-socket';

/**
 * The front tier: an edge Caddy in front of two nodes' Caddys. Each app runs on its account's home node; the edge
 * routes its domain there, configured by whichever worker holds the edge role.
 */
/** Longer than the heartbeat interval (5 s), as the setting must be. */
const GRACE_SECONDS = 8;

describe('the edge routes every domain to the node that serves it', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let nodeB: Awaited<ReturnType<typeof startExtraNode>>;
  let edge: Awaited<ReturnType<typeof startCaddy>>;
  let edgeAdminPort: number;
  let edgePort: number;
  let admin: TestClient;
  const apps: Record<'a' | 'b', { domain: string; id: number; client: TestClient }> = {} as never;

  async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read().catch((error: Error) => error.message as T);
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A Flask quickstart app of a new account whose home is `node` (the other node is cordoned meanwhile). */
  async function appOn(node: string, other: string): Promise<{ domain: string; id: number; client: TestClient }> {
    await admin.post(`/api/nodes/${other}/cordon`);
    try {
      const client = new TestClient(platform.url);
      await client.signup();
      const created = await client.post<{ webapp: { domain: string; id: number; nodeId: string }; job: JobView }>('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.webapp.nodeId, node);
      const job = await waitForJob(client, created.body.job.id);
      assert.equal(job.status, 'succeeded', job.error ?? '');
      return { domain: created.body.webapp.domain, id: created.body.webapp.id, client };
    } finally {
      await admin.post(`/api/nodes/${other}/uncordon`);
    }
  }

  before(async () => {
    const base = { caddyAdmin: Number(new URL(process.env.PANEL_CADDY_ADMIN_URL ?? 'http://127.0.0.1:2119').port), apps: Number(process.env.PANEL_APPS_PORT ?? 8180) };
    edgeAdminPort = base.caddyAdmin + 5;
    edgePort = base.apps + 5;
    edge = await startCaddy(edgeAdminPort);
    const edgeEnv = { PANEL_EDGE_ADMIN_URL: edge.adminUrl, PANEL_EDGE_PORT: String(edgePort), PANEL_NODE_DOWN_GRACE_SECONDS: String(GRACE_SECONDS) };
    platform = await startTestPlatform(edgeEnv);
    nodeB = await startExtraNode(platform.config, 'e', 4, edgeEnv);
    admin = new TestClient(platform.url);
    const session = await admin.signup();
    await platform.api.get(DataSource).query('UPDATE accounts SET role = ? WHERE id = ?', ['admin', session.account.id]);
    await until('both nodes active', async () => (await admin.get<{ id: string; state: string; online: boolean }[]>('/api/nodes')).body, (nodes) => Array.isArray(nodes) && nodes.filter((n) => n.state === 'active' && n.online).length === 2, 60_000);
  });

  after(async () => {
    // A drain that failed half-way must not leave this platform's node draining for the test files after this one.
    for (const id of [platform?.config.nodeId, nodeB?.nodeId]) if (id) await admin?.post(`/api/nodes/${id}/uncordon`).catch(() => undefined);
    await nodeB?.close();
    await platform?.close();
    await edge?.stop();
  });

  test("an app on each node answers through the edge with the app's own page, and an unknown host gets the edge's 404", async () => {
    apps.a = await appOn(platform.config.nodeId, nodeB.nodeId);
    apps.b = await appOn(nodeB.nodeId, platform.config.nodeId);
    for (const { domain } of [apps.a, apps.b]) {
      const res = await until(`${domain} through the edge`, () => appRequest(edgePort, domain), (r) => typeof r === 'object' && r.status === 200);
      assert.equal(res.body, 'Hello from Flask!');
    }
    // Each node's own Caddy serves only its own apps: the edge is what reaches across.
    assert.equal((await appRequest(platform.config.appsPort, apps.b.domain)).status, 404);
    assert.equal((await appRequest(nodeB.appsPort, apps.a.domain)).status, 404);
    const unknown = await appRequest(edgePort, 'nobody.apps.localhost');
    assert.equal(unknown.status, 404);
    assert.match(unknown.body, /No web app here/);
  });

  test('draining the only active node is refused with a message, and an unknown node is a 404', async () => {
    await admin.post(`/api/nodes/${nodeB.nodeId}/cordon`);
    try {
      const refused = await admin.post<{ code: string; message: string }>(`/api/nodes/${platform.config.nodeId}/drain`, {});
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.code, 'NODE_LAST_ACTIVE');
      assert.match(refused.body.message, /only active node/);
      const node = (await admin.get<{ id: string; state: string }[]>('/api/nodes')).body.find((n) => n.id === platform.config.nodeId);
      assert.equal(node?.state, 'active', 'and the node is unchanged');
    } finally {
      await admin.post(`/api/nodes/${nodeB.nodeId}/uncordon`);
    }
    assert.equal((await admin.post(`/api/nodes/no-such-node/drain`, {})).status, 404);
    assert.equal((await admin.post(`/api/nodes/${platform.config.nodeId}/drain`, { consoleDeadlineSeconds: -1 })).status, 400);
    // An ordinary account cannot drain anything.
    assert.equal((await apps.a.client.post(`/api/nodes/${platform.config.nodeId}/drain`, {})).status, 403);
  });

  test('draining a node moves its web app to the other node with no failed request through the edge, warns and ends its consoles at the deadline, and leaves it cordoned and empty', async () => {
    // Node B is drained: node A holds everything earlier test files of this run left on it (npm test shares one
    // scratch database), which a drain would have to move too.
    const drainedNode = nodeB.nodeId;
    const otherNode = platform.config.nodeId;
    const created = await apps.b.client.post<{ id: number; nodeId: string }>('/api/consoles', { kind: 'bash' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.nodeId, drainedNode);
    const socket = await ConsoleSocket.open(platform.url, created.body.id, { cookie: apps.b.client.cookie });

    // Steady traffic through the edge for the whole drain: about 50 requests a second, bounded, to loopback only.
    let stop = false;
    const failures: string[] = [];
    let sent = 0;
    const traffic = (async () => {
      const deadline = Date.now() + 180_000;
      while (!stop && Date.now() < deadline) {
        const batch = await Promise.all(Array.from({ length: 5 }, () => appRequest(edgePort, apps.b.domain).catch((error: Error) => ({ status: 0, body: error.message }))));
        for (const r of batch) if (r.status !== 200 || r.body !== 'Hello from Flask!') failures.push(`${r.status} ${r.body.slice(0, 80)}`);
        sent += batch.length;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      const drained = await admin.post<{ state: string; drain: { consolesEndAt: string } | null }>(`/api/nodes/${drainedNode}/drain`, { consoleDeadlineSeconds: 4 });
      assert.equal(drained.status, 200, JSON.stringify(drained.body));
      assert.equal(drained.body.state, 'draining');
      assert.ok(drained.body.drain?.consolesEndAt);
      await socket.waitFor(/being drained for maintenance: this console ends at/, undefined, 20_000);
      await until('the console ended by the drain', async () => (await apps.b.client.get<{ state: string; endedReason: string | null; nodeId: string }>(`/api/consoles/${created.body.id}`)).body, (c) => c.state === 'ended', 60_000);
      await until(`node ${drainedNode} drained and cordoned`, async () => (await admin.get<{ id: string; state: string }[]>('/api/nodes')).body.find((n) => n.id === drainedNode)?.state, (state) => state === 'cordoned', 150_000);
    } finally {
      stop = true;
      await traffic;
      await socket.close();
    }
    console.log(`    drain: ${sent} requests through the edge during the drain, ${failures.length} failed`);
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${sent} requests failed during the drain`);
    assert.ok(sent >= 100, `traffic kept flowing (${sent} requests)`);

    const view = (await apps.b.client.get<{ nodeId: string }>(`/api/webapps/${apps.b.domain}`)).body;
    assert.equal(view.nodeId, otherNode, 'the app now runs on node A');
    assert.equal((await appRequest(platform.config.appsPort, apps.b.domain)).body, 'Hello from Flask!', "node A's own Caddy serves it");
    await until(`node ${drainedNode} has no container of the app`, () => runtimeOf(nodeB.worker!).list({ kind: 'webapp', webappId: apps.b.id }), (list) => Array.isArray(list) && list.length === 0, 30_000);
    await until(`node ${drainedNode} has no console container left`, () => runtimeOf(nodeB.worker!).list({ kind: 'console' }), (list) => Array.isArray(list) && list.length === 0, 30_000);
    const ended = (await apps.b.client.get<{ state: string; endedReason: string | null; nodeId: string }>(`/api/consoles/${created.body.id}`)).body;
    assert.equal(ended.nodeId, otherNode, "the ended console now belongs to the account's new home");
    assert.match(ended.endedReason ?? '', new RegExp(`drained.*${otherNode}`));
    // Opening it again starts its program on node A, and it is no longer "ended".
    const reopened = await ConsoleSocket.open(platform.url, created.body.id, { cookie: apps.b.client.cookie });
    try {
      await reopened.waitFor(/\$ $/m, undefined, 30_000);
    } finally {
      await reopened.close();
    }
    const running = (await apps.b.client.get<{ state: string; endedReason: string | null }>(`/api/consoles/${created.body.id}`)).body;
    assert.equal(running.state, 'running');
    assert.equal(running.endedReason, null);
    await apps.b.client.delete(`/api/consoles/${created.body.id}`);

    const uncordoned = await admin.post<{ state: string }>(`/api/nodes/${drainedNode}/uncordon`);
    assert.equal(uncordoned.body.state, 'active');
    // The drained node takes placements again: a new app there answers through the edge (and is node B's app for the
    // failover below).
    apps.b = await appOn(drainedNode, otherNode);
    const res = await until(`${apps.b.domain} through the edge`, () => appRequest(edgePort, apps.b.domain), (r) => typeof r === 'object' && r.status === 200);
    assert.equal(res.body, 'Hello from Flask!');
  });

  test("a node that goes silent is declared down after the grace: its app serves again from the other node through the edge, its waiting job fails naming it, and when it comes back it removes what is no longer its own", async () => {
    assert.equal([platform.worker, nodeB.worker!].filter((w) => w.get(LeaderLock).leading).length, 1, 'exactly one worker leads');
    await nodeB.stopNode();
    const stoppedAt = Date.now();
    // A reload asked for while node B is silent waits in its queue, then fails when B is declared down.
    const waiting = await apps.b.client.post<JobView>(`/api/webapps/${apps.b.domain}/reload`);
    assert.equal(waiting.status, 201, JSON.stringify(waiting.body));
    await until('node A leads', async () => (await platform.worker.get(NodeWatch).tick(), platform.worker.get(LeaderLock).leading), Boolean);
    const failed = await waitForJob(apps.b.client, waiting.body.id, undefined, 60_000);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', new RegExp(`Node ${nodeB.nodeId} went down`));
    assert.equal((await admin.get<{ id: string; state: string }[]>('/api/nodes')).body.find((n) => n.id === nodeB.nodeId)?.state, 'down');
    const served = (r: unknown) => typeof r === 'object' && (r as { status: number }).status === 200 && (r as { body: string }).body === 'Hello from Flask!';
    await until(`${apps.b.domain} served again through the edge`, () => appRequest(edgePort, apps.b.domain), served, 120_000);
    assert.ok(served(await appRequest(platform.config.appsPort, apps.b.domain)), "node A's own Caddy serves it");
    const view = (await apps.b.client.get<{ nodeId: string }>(`/api/webapps/${apps.b.domain}`)).body;
    assert.equal(view.nodeId, platform.config.nodeId, 'the app now runs on node A');
    console.log(`    failover: serving again ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s after node B stopped (grace ${GRACE_SECONDS} s)`);

    await nodeB.startWorker();
    await until('node B active again', async () => (await admin.get<{ id: string; state: string; online: boolean }[]>('/api/nodes')).body.find((n) => n.id === nodeB.nodeId), (n) => n?.state === 'active' && n.online === true, 60_000);
    await until("node B removes the app container it no longer owns", () => runtimeOf(nodeB.worker!).list({ kind: 'webapp', webappId: apps.b.id }), (list) => Array.isArray(list) && list.length === 0, 60_000);
    assert.equal((await appRequest(edgePort, apps.b.domain)).status, 200, 'and the app still serves from node A');
  });

  test('one worker holds the leader role; when it lets go another takes it, and an edge that restarted gets its routes back', async () => {
    const workers = [platform.worker, nodeB.worker!];
    const leaders = workers.filter((w) => w.get(LeaderLock).leading);
    assert.equal(leaders.length, 1, 'exactly one worker holds the role');
    const follower = workers.find((w) => w !== leaders[0])!;
    // As a stopping worker does: it frees the lock and never takes it again.
    await leaders[0].get(LeaderLock).onApplicationShutdown();
    await until('the other worker takes the role', async () => (await follower.get(EdgeIngress).tick(), follower.get(LeaderLock).leading), Boolean);

    await edge.stop();
    edge = await startCaddy(edgeAdminPort);
    for (const { domain } of [apps.a, apps.b]) {
      const res = await until(`${domain} through the restarted edge`, () => appRequest(edgePort, domain), (r) => typeof r === 'object' && r.status === 200);
      assert.equal(res.body, 'Hello from Flask!');
    }
  });
});
