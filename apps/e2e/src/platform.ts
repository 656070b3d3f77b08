import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import mysql from 'mysql2/promise';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(__dirname, '..', '..', '..');

export interface RunningPlatform {
  url: string;
  stop(): Promise<void>;
  restartApi(): Promise<void>;
  restartWorker(): Promise<void>;
  /** SIGKILL, as a crash or the OOM killer would: the worker records nothing and leaves its containers running. */
  killWorker(): Promise<void>;
  startWorker(): void;
}

/**
 * Starts panel-api and the worker as the real processes (`node apps/*\/dist/main.js`), with the test environment
 * that `npm test` set up, and waits until the API answers.
 */
export async function startPlatform(env: Record<string, string> = {}): Promise<RunningPlatform> {
  const port = env.PANEL_API_PORT ?? process.env.PANEL_API_PORT ?? '3100';
  const fullEnv = { ...process.env, PANEL_API_PORT: port, ...env };
  const url = `http://127.0.0.1:${port}`;
  const processes: { api?: ChildProcess; worker?: ChildProcess } = {};
  const start = (name: 'api' | 'worker') => {
    const script = join(ROOT, name === 'api' ? 'apps/panel-api/dist/main.js' : 'apps/worker/dist/main.js');
    const child = spawn(process.execPath, [script], { env: fullEnv, stdio: ['ignore', 'inherit', 'inherit'] });
    processes[name] = child;
  };
  const stopOne = async (name: 'api' | 'worker') => {
    const child = processes[name];
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    // A timer left pending would keep the test's process alive for its full 15 s after the last test.
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  const waitForApi = async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${url}/api/health`)).ok) return;
      } catch {
        /* not yet */
      }
      await sleep(200);
    }
    throw new Error('panel-api did not start');
  };
  /**
   * Until its worker has registered the node and it takes placements: a test that creates something at once would
   * otherwise get NODE_NONE_READY when the previous file's heartbeat had expired.
   */
  const waitForNode = async () => {
    const nodeId = (fullEnv as NodeJS.ProcessEnv).PANEL_NODE_ID ?? 'test-node';
    const redisUrl = (fullEnv as NodeJS.ProcessEnv).REDIS_URL ?? 'redis://127.0.0.1:6379/1';
    const db = await mysql.createConnection({ uri: ((fullEnv as NodeJS.ProcessEnv).PANEL_DATABASE_URL ?? '').replace(/^mariadb:/, 'mysql:') });
    try {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(250)) {
        const beating = execFileSync('redis-cli', ['-u', redisUrl, 'exists', `panel:node:${nodeId}:heartbeat`], { encoding: 'utf8' }).trim() === '1';
        const [rows] = await db.query("SELECT 1 FROM nodes WHERE id = ? AND state = 'active'", [nodeId]);
        if (beating && (rows as unknown[]).length) return;
      }
      throw new Error(`the worker did not make node ${nodeId} active`);
    } finally {
      await db.end();
    }
  };
  start('worker');
  start('api');
  await waitForApi();
  await waitForNode();
  return {
    url,
    async stop() {
      await Promise.all([stopOne('api'), stopOne('worker')]);
    },
    async restartApi() {
      await stopOne('api');
      start('api');
      await waitForApi();
    },
    async killWorker() {
      const child = processes.worker;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    startWorker() {
      start('worker');
    },
    async restartWorker() {
      await stopOne('worker');
      start('worker');
      await sleep(1500);
    },
  };
}
