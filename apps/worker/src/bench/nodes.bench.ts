/**
 * bench/nodes: two nodes of one platform on this machine behind an edge Caddy (as in the edge test).
 * - add_node_s: a second worker's start until its node is active (its runtime images are already on the shared
 *   engine here, so no image copy is in it);
 * - edge_direct_ratio: requests per second to one app through the edge vs through its node's Caddy, side by side;
 * - failover_s_p50: node B (worker and Caddy) stopped until its app serves again from node A through the edge, over
 *   3 runs (PANEL_NODE_DOWN_GRACE_SECONDS=10 here), with the requests that failed meanwhile under a steady load;
 * - failed_during_move: node B with one app drained (the app moves to node A) under about 60 requests a second
 *   through the edge; failed_during_drain: the same with three apps, the load spread over them.
 */
import type { JobView } from '@panel/contracts';
import { Agent, request } from 'node:http';
import { DataSource } from 'typeorm';
import { startCaddy, startExtraNode } from '../testing/extra-node';
import { startTestPlatform, TestClient, waitForJob } from '../testing/platform';

const GRACE_SECONDS = 10;
const RUNS = Number(process.env.BENCH_FAILOVER_RUNS ?? 3);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** Idle keep-alive connections that the edge closed as a request went out on them (its config reloads). */
let keepAliveResets = 0;

/**
 * One GET through a keep-alive agent. A request that meets a reset on a reused idle connection is sent once more on a
 * new one, as browsers and most HTTP clients do for idempotent requests (RFC 9112 9.3.1); such resets are counted.
 */
function get(port: number, host: string, fresh = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, agent: fresh ? false : agent, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!fresh && req.reusedSocket && error.code === 'ECONNRESET') {
        keepAliveResets++;
        resolve(get(port, host, true));
        return;
      }
      resolve({ status: 0, body: error.code ?? error.message });
    });
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** `concurrency` loops for `seconds` (bounded; loopback only): requests per second. */
async function throughput(port: number, host: string, seconds: number, concurrency = 16): Promise<number> {
  let ok = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) if ((await get(port, host)).status === 200) ok++;
    }),
  );
  return ok / seconds;
}

/** Requests to the domains in turn through the edge, about `perSecond` a second, until stopped (bounded by `maxSeconds`). */
function steadyLoad(port: number, domains: string[], perSecond: number, maxSeconds = 300) {
  let stop = false;
  let sent = 0;
  let failed = 0;
  const failures = new Map<string, number>();
  const loops = 4;
  const pause = (1000 * loops) / perSecond;
  const running = Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      const end = Date.now() + maxSeconds * 1000;
      for (let i = loop; !stop && Date.now() < end; i += loops) {
        const started = Date.now();
        const res = await get(port, domains[i % domains.length]);
        sent++;
        if (res.status !== 200 || res.body !== 'Hello from Flask!') {
          failed++;
          const what = `${res.status} ${res.body.slice(0, 40)}`;
          failures.set(what, (failures.get(what) ?? 0) + 1);
        }
        await new Promise((r) => setTimeout(r, Math.max(0, pause - (Date.now() - started))));
      }
    }),
  );
  const startedAt = Date.now();
  return {
    async stop() {
      stop = true;
      await running;
      return { sent, failed, failures: [...failures].map(([what, n]) => `${n}x ${what}`).join('; '), perSecond: sent / ((Date.now() - startedAt) / 1000) };
    },
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const base = { caddyAdmin: Number(new URL(process.env.PANEL_CADDY_ADMIN_URL ?? 'http://127.0.0.1:2119').port), apps: Number(process.env.PANEL_APPS_PORT ?? 8180) };
  const edgePort = base.apps + 5;
  const edge = await startCaddy(base.caddyAdmin + 5);
  const env = { PANEL_EDGE_ADMIN_URL: edge.adminUrl, PANEL_EDGE_PORT: String(edgePort), PANEL_NODE_DOWN_GRACE_SECONDS: String(GRACE_SECONDS) };
  const platform = await startTestPlatform(env);
  const admin = new TestClient(platform.url);
  const session = await admin.signup();
  await platform.api.get(DataSource).query('UPDATE accounts SET role = ? WHERE id = ?', ['admin', session.account.id]);
  const nodeState = async (id: string) => (await admin.get<{ id: string; state: string; online: boolean }[]>('/api/nodes')).body.find((n) => n.id === id);

  const addStarted = Date.now();
  const nodeB = await startExtraNode(platform.config, 'bench', 4, env);
  await until('node B active', async () => (await nodeState(nodeB.nodeId))?.state === 'active', 120_000);
  const addNodeSeconds = (Date.now() - addStarted) / 1000;
  console.log(`add a node: ${addNodeSeconds.toFixed(1)} s from the worker's start to active`);

  /** A Flask app of a new account whose home is node B. */
  const appOnB = async () => {
    await admin.post(`/api/nodes/${platform.config.nodeId}/cordon`);
    try {
      const client = new TestClient(platform.url);
      await client.signup();
      const created = await client.post<{ webapp: { domain: string }; job: JobView }>('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
      if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
      const job = await waitForJob(client, created.body.job.id);
      if (job.status !== 'succeeded') throw new Error(`the app did not start: ${job.error}`);
      return created.body.webapp.domain;
    } finally {
      await admin.post(`/api/nodes/${platform.config.nodeId}/uncordon`);
    }
  };

  try {
    const first = await appOnB();
    await until('the app through the edge', async () => (await get(edgePort, first)).status === 200, 30_000);
    const viaEdge = await throughput(edgePort, first, 5);
    const direct = await throughput(nodeB.appsPort, first, 5);
    const ratio = viaEdge / direct;
    console.log(`edge vs direct (node's Caddy), same app, 16 concurrent, 5 s each: ${viaEdge.toFixed(0)}/s vs ${direct.toFixed(0)}/s (${ratio.toFixed(2)})`);

    /** Drains node B under load to the apps on it; B is taken back afterwards. */
    const drainB = async (domains: string[]) => {
      keepAliveResets = 0;
      for (const domain of domains) {
        let last = { status: 0, body: '' };
        await until(`${domain} through the edge (last answer ${last.status} ${last.body.slice(0, 60)})`, async () => (last = await get(edgePort, domain)).status === 200, 60_000).catch((error: Error) => {
          throw new Error(`${error.message}; last answer ${last.status} ${last.body.slice(0, 80)}`);
        });
      }
      const load = steadyLoad(edgePort, domains, 60);
      const started = Date.now();
      const drained = await admin.post<{ state: string }>(`/api/nodes/${nodeB.nodeId}/drain`, { consoleDeadlineSeconds: 0 });
      if (drained.status !== 200) throw new Error(`drain: ${drained.status} ${JSON.stringify(drained.body)}`);
      await until('node B drained', async () => (await nodeState(nodeB.nodeId))?.state === 'cordoned', 300_000);
      const seconds = (Date.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 2_000)); // the last release and what follows it, still under load
      const result = { ...(await load.stop()), resets: keepAliveResets };
      await admin.post(`/api/nodes/${nodeB.nodeId}/uncordon`);
      return { ...result, seconds };
    };
    // Node B has one app now (the one measured above): draining it is that app's move.
    const moved = await drainB([first]);
    console.log(`move (drain of a node with one app): ${moved.seconds.toFixed(1)} s, ${moved.sent} requests at ${moved.perSecond.toFixed(0)}/s through the edge, ${moved.failed} failed${moved.failed ? ` (${moved.failures})` : ''}, ${moved.resets} idle keep-alive connections reset by the edge's reloads (sent again)`);
    const drainApps = [await appOnB(), await appOnB(), await appOnB()];
    const drained = await drainB(drainApps);
    console.log(`drain of a node with three apps: ${drained.seconds.toFixed(1)} s, ${drained.sent} requests at ${drained.perSecond.toFixed(0)}/s through the edge, ${drained.failed} failed${drained.failed ? ` (${drained.failures})` : ''}, ${drained.resets} idle keep-alive connections reset by the edge's reloads (sent again)`);

    const failovers: number[] = [];
    let failedDuring = 0;
    for (let run = 1; run <= RUNS; run++) {
      const domain = await appOnB();
      await until('the app through the edge', async () => (await get(edgePort, domain)).status === 200, 30_000);
      let serving = true;
      let failed = 0;
      let stop = false;
      // A steady load (about 50 requests a second) through the edge while node B goes away.
      const loadLoop = (async () => {
        while (!stop) {
          const started = Date.now();
          const res = await get(edgePort, domain);
          if (res.status !== 200) failed++;
          serving = res.status === 200 && res.body === 'Hello from Flask!';
          await new Promise((r) => setTimeout(r, Math.max(0, 20 - (Date.now() - started))));
        }
      })();
      const stoppedAt = Date.now();
      await nodeB.stopNode();
      await until('node B gone from the edge', async () => !serving, 30_000);
      await until('the app served again from node A', async () => serving, 180_000);
      const seconds = (Date.now() - stoppedAt) / 1000;
      stop = true;
      await loadLoop;
      failovers.push(seconds);
      failedDuring += failed;
      console.log(`failover ${run}: serving again ${seconds.toFixed(1)} s after node B stopped (grace ${GRACE_SECONDS} s), ${failed} requests failed meanwhile`);
      await nodeB.startWorker();
      await until('node B active again', async () => (await nodeState(nodeB.nodeId))?.state === 'active', 120_000);
    }
    failovers.sort((a, b) => a - b);
    const p50 = failovers[Math.floor(failovers.length / 2)];
    console.log(`failover p50 over ${RUNS} runs: ${p50.toFixed(1)} s (grace ${GRACE_SECONDS} s + one reload)`);
    console.log(`add_node_s=${addNodeSeconds.toFixed(1)}`);
    console.log(`edge_direct_ratio=${ratio.toFixed(2)}`);
    console.log(`failover_s_p50=${p50.toFixed(1)}`);
    console.log(`failed_during_failover=${failedDuring}`);
    console.log(`failed_during_move=${moved.failed}`);
    console.log(`failed_during_drain=${drained.failed}`);
    console.log(`keepalive_resets_during_drain=${drained.resets}`);
  } finally {
    await nodeB.close();
    await platform.close();
    await edge.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
