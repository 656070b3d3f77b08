import type { INestApplicationContext } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestWorker } from './test-worker';

/** A Caddy of a test's own with its admin API on 127.0.0.1:<adminPort> and nothing loaded. */
export async function startCaddy(adminPort: number): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  // A Caddy left by an earlier run would answer in this one's place (and keep another run's routes).
  if (await fetch(`${adminUrl}/config/`).then(() => true, () => false)) throw new Error(`something already answers on ${adminUrl}: a Caddy left by an earlier run?`);
  const dir = await mkdtemp(join(tmpdir(), 'panel-caddy-'));
  await writeFile(join(dir, 'caddy.json'), JSON.stringify({ admin: { listen: `127.0.0.1:${adminPort}` } }));
  const child: ChildProcess = spawn('caddy', ['run', '--config', join(dir, 'caddy.json')], { env: { ...process.env, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir }, stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  while (!(await fetch(`${adminUrl}/config/`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error(`Caddy did not start on ${adminUrl}`);
    await sleep(100);
  }
  return {
    adminUrl,
    async stop() {
      child.kill();
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Another node of the test platform on this machine: a worker with its own node id, Caddy (admin and apps ports
 * `offset` above the platform's) and runtime directory, sharing the database, Redis, Docker and the data directory.
 */
export async function startExtraNode(platformConfig: { nodeId: string; caddyAdminUrl: string; appsPort: number }, suffix: string, offset: number, env: Record<string, string> = {}) {
  const caddyAdminPort = Number(new URL(platformConfig.caddyAdminUrl).port) + offset;
  let caddy: Awaited<ReturnType<typeof startCaddy>> | null = await startCaddy(caddyAdminPort);
  const caddyAdminUrl = caddy.adminUrl;
  const runtimeDir = await mkdtemp(join(tmpdir(), 'panel-node-runtime-'));
  const nodeId = `${platformConfig.nodeId}-${suffix}`.slice(0, 63);
  const appsPort = platformConfig.appsPort + offset;
  const start = async () =>
    (await startTestWorker({ PANEL_NODE_ID: nodeId, PANEL_CADDY_ADMIN_URL: caddyAdminUrl, PANEL_APPS_PORT: String(appsPort), PANEL_RUNTIME_DIR: runtimeDir, ...env })).worker;
  let worker: INestApplicationContext | null = await start();
  return {
    nodeId,
    appsPort,
    get worker() {
      return worker;
    },
    /** Stops the worker only (its node then looks gone); close() stops the rest. */
    async stopWorker() {
      await worker?.close();
      worker = null;
    },
    /** Stops the worker and the node's Caddy: the node is gone, and so is what it served. */
    async stopNode() {
      await worker?.close();
      worker = null;
      await caddy?.stop();
      caddy = null;
    },
    /** Starts what is stopped again, as a node that comes back. */
    async startWorker() {
      caddy ??= await startCaddy(caddyAdminPort);
      worker ??= await start();
    },
    async close() {
      await worker?.close();
      worker = null;
      await caddy?.stop();
      await rm(runtimeDir, { recursive: true, force: true });
    },
  };
}
