import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the fault tests and bench/faults share: traffic to a hosted app, and what the engine and Redis hold. */
export const APPS_PORT = Number(process.env.PANEL_APPS_PORT ?? 8180);
export const APPS_DOMAIN = process.env.PANEL_APPS_DOMAIN ?? 'apps.localhost';

export function appStatus(domain: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: APPS_PORT, path: '/', headers: { host: domain }, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** Requests a hosted app in a bounded loop (loopback only) until stopped; counts what did not answer 200. */
export function keepRequesting(domain: string) {
  const tally = { sent: 0, failed: 0 };
  let running = true;
  const loop = (async () => {
    while (running && tally.sent < 100_000) {
      tally.sent++;
      if ((await appStatus(domain)) !== 200) tally.failed++;
      await sleep(20);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return tally;
  };
}

/** The platform's containers of one job, on this engine (`docker ps` by the job's label). */
export function jobContainers(jobId: string): string[] {
  return execFileSync('docker', ['ps', '-aq', '--filter', `label=panel.job=${jobId}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

export function redisExists(key: string): boolean {
  return execFileSync('redis-cli', ['-u', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1', 'exists', key], { encoding: 'utf8' }).trim() === '1';
}

export async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(100);
  }
}

