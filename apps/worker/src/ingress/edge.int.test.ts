import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobView } from '@panel/contracts';
import { DataSource } from 'typeorm';
import { appRequest } from '../testing/app-http';
import { startCaddy, startExtraNode } from '../testing/extra-node';
import { startTestPlatform, TestClient, waitForJob } from '../testing/platform';
import { EdgeIngress } from './edge-ingress.service';

/**
 * The front tier: an edge Caddy in front of two nodes' Caddys. Each app runs on its account's home node; the edge
 * routes its domain there, configured by whichever worker holds the edge role.
 */
describe('the edge routes every domain to the node that serves it', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let nodeB: Awaited<ReturnType<typeof startExtraNode>>;
  let edge: Awaited<ReturnType<typeof startCaddy>>;
  let edgeAdminPort: number;
  let edgePort: number;
  let admin: TestClient;
  const apps: Record<'a' | 'b', string> = { a: '', b: '' };

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
  async function appOn(node: string, other: string): Promise<string> {
    await admin.post(`/api/nodes/${other}/cordon`);
    try {
      const client = new TestClient(platform.url);
      await client.signup();
      const created = await client.post<{ webapp: { domain: string; nodeId: string }; job: JobView }>('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.webapp.nodeId, node);
      const job = await waitForJob(client, created.body.job.id);
      assert.equal(job.status, 'succeeded', job.error ?? '');
      return created.body.webapp.domain;
    } finally {
      await admin.post(`/api/nodes/${other}/uncordon`);
    }
  }

  before(async () => {
    const base = { caddyAdmin: Number(new URL(process.env.PANEL_CADDY_ADMIN_URL ?? 'http://127.0.0.1:2119').port), apps: Number(process.env.PANEL_APPS_PORT ?? 8180) };
    edgeAdminPort = base.caddyAdmin + 5;
    edgePort = base.apps + 5;
    edge = await startCaddy(edgeAdminPort);
    const edgeEnv = { PANEL_EDGE_ADMIN_URL: edge.adminUrl, PANEL_EDGE_PORT: String(edgePort) };
    platform = await startTestPlatform(edgeEnv);
    nodeB = await startExtraNode(platform.config, 'e', 4, edgeEnv);
    admin = new TestClient(platform.url);
    const session = await admin.signup();
    await platform.api.get(DataSource).query('UPDATE accounts SET role = ? WHERE id = ?', ['admin', session.account.id]);
    await until('both nodes active', async () => (await admin.get<{ id: string; state: string; online: boolean }[]>('/api/nodes')).body, (nodes) => Array.isArray(nodes) && nodes.filter((n) => n.state === 'active' && n.online).length === 2, 60_000);
  });

  after(async () => {
    await nodeB?.close();
    await platform?.close();
    await edge?.stop();
  });

  test("an app on each node answers through the edge with the app's own page, and an unknown host gets the edge's 404", async () => {
    apps.a = await appOn(platform.config.nodeId, nodeB.nodeId);
    apps.b = await appOn(nodeB.nodeId, platform.config.nodeId);
    for (const domain of [apps.a, apps.b]) {
      const res = await until(`${domain} through the edge`, () => appRequest(edgePort, domain), (r) => typeof r === 'object' && r.status === 200);
      assert.equal(res.body, 'Hello from Flask!');
    }
    // Each node's own Caddy serves only its own apps: the edge is what reaches across.
    assert.equal((await appRequest(platform.config.appsPort, apps.b)).status, 404);
    assert.equal((await appRequest(nodeB.appsPort, apps.a)).status, 404);
    const unknown = await appRequest(edgePort, 'nobody.apps.localhost');
    assert.equal(unknown.status, 404);
    assert.match(unknown.body, /No web app here/);
  });

  test('one worker holds the edge role; when it lets go another takes it, and an edge that restarted gets its routes back', async () => {
    const leaders = [platform.worker.get(EdgeIngress), nodeB.worker!.get(EdgeIngress)].filter((e) => e.leading);
    assert.equal(leaders.length, 1, 'exactly one worker holds the role');
    const [leader] = leaders;
    const follower = leader === platform.worker.get(EdgeIngress) ? nodeB.worker!.get(EdgeIngress) : platform.worker.get(EdgeIngress);
    // As a stopping worker does: it stops ticking and frees the lock.
    await leader.onApplicationShutdown();
    await until('the other worker takes the role', async () => (await follower.tick(), follower.leading), Boolean);

    await edge.stop();
    edge = await startCaddy(edgeAdminPort);
    for (const domain of [apps.a, apps.b]) {
      const res = await until(`${domain} through the restarted edge`, () => appRequest(edgePort, domain), (r) => typeof r === 'object' && r.status === 200);
      assert.equal(res.body, 'Hello from Flask!');
    }
  });
});
