/**
 * bench/webapps: reload latency (request to new code serving), failed requests while reloading under load,
 * ingress overhead (through Caddy vs direct to the container, same run) and the memory of an idle comment board.
 */
import { execFile } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startPlatform } from '../platform';
import { BenchClient, ms, percentile } from './api-client';

const run = promisify(execFile);
const RELOADS = Number(process.env.BENCH_RELOADS ?? 10);
const appsPort = Number(process.env.PANEL_APPS_PORT ?? 8080);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const caddy = { host: '127.0.0.1', port: appsPort };

type Target = { host: string; port: number } | { socketPath: string };

function get(target: Target, hostHeader: string, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ ...target, path, headers: { host: hostHeader }, agent, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Runs `concurrency` request loops for `seconds`; returns throughput and latencies. */
async function load(target: Target, hostHeader: string, seconds: number, concurrency: number, path = '/') {
  const latencies: number[] = [];
  let failures = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        const res = await get(target, hostHeader, path);
        latencies.push(performance.now() - started);
        if (res.status !== 200) failures++;
      }
    }),
  );
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), failures, total: latencies.length };
}

async function main() {
  const platform = await startPlatform();
  try {
    const client = new BenchClient(platform.url);
    await client.signup();
    const domain = await client.createCommentBoard();

    const home = join(process.env.PANEL_DATA_DIR!, 'home', client.username);
    const appFile = join(home, 'mysite', 'flask_app.py');
    const original = await readFile(appFile, 'utf8');
    const withVersion = (v: number) => `${original}\n\n@app.route("/version")\ndef version():\n    return "version ${v}"\n`;

    // Failed requests while reloading: a steady load at the app during every reload.
    let loadRunning = true;
    const during = { ok: 0, failed: 0, started: Date.now(), statuses: new Map<number, number>() };
    const loader = (async () => {
      while (loadRunning) {
        const res = await get(caddy, domain, '/');
        if (res.status === 200) during.ok++;
        else {
          during.failed++;
          during.statuses.set(res.status, (during.statuses.get(res.status) ?? 0) + 1);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    const latencies: number[] = [];
    for (let round = 1; round <= RELOADS; round++) {
      await writeFile(appFile, withVersion(round));
      const started = performance.now();
      const reload = await client.call('POST', `/api/webapps/${domain}/reload`);
      if (reload.status !== 201) throw new Error(JSON.stringify(reload.body));
      for (;;) {
        const res = await get(caddy, domain, '/version');
        if (res.body === `version ${round}`) break;
        if (performance.now() - started > 60_000) throw new Error('reload did not take effect');
      }
      latencies.push(performance.now() - started);
      await client.waitForJob(reload.body.id);
    }
    loadRunning = false;
    await loader;
    const seconds = (Date.now() - during.started) / 1000;

    console.log(`webapps: comment board (Flask + SQLAlchemy + MySQL), Python 3.11`);
    console.log(`  reload latency, request to new code serving, ${RELOADS} reloads: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))} (targets 1500 / 3000 ms)`);
    console.log(`    each: ${latencies.map(ms).join(', ')}`);
    console.log(`  requests during the reloads: ${during.ok + during.failed} at ${((during.ok + during.failed) / seconds).toFixed(0)}/s, failed: ${during.failed}${during.failed ? ` (statuses ${[...during.statuses].map(([s, n]) => `${s}: ${n}`).join(', ')})` : ''}`);

    // Ingress overhead, side by side.
    const app = (await client.call('GET', `/api/webapps/${domain}`)).body;
    // The domain is this run's own, so the filter matches no other platform's app of the same id.
    const { stdout } = await run('docker', ['ps', '-q', '--filter', `label=panel.webapp=${app.id}`, '--filter', `label=panel.domain=${domain}`]);
    const containerId = stdout.trim().split('\n')[0];
    // Direct: the container's own socket, which Caddy dials.
    const direct_ = { socketPath: join(process.env.PANEL_RUNTIME_DIR!, 'sockets', String(app.id), 'current', 'app.sock') };
    await load(caddy, domain, 2, 4);
    const viaCaddy = await load(caddy, domain, 5, 4);
    const direct = await load(direct_, domain, 5, 4);
    console.log(`  GET / through Caddy: ${viaCaddy.rps.toFixed(0)} req/s, p50 ${viaCaddy.p50.toFixed(1)} ms; direct to the container: ${direct.rps.toFixed(0)} req/s, p50 ${direct.p50.toFixed(1)} ms`);
    console.log(`  ingress throughput ratio (Caddy / direct): ${(viaCaddy.rps / direct.rps).toFixed(2)} (target >= 0.9); failures ${viaCaddy.failures + direct.failures}`);

    await new Promise((r) => setTimeout(r, 3000));
    const { stdout: stats } = await run('docker', ['stats', '--no-stream', '--format', '{{.MemUsage}}', containerId]);
    console.log(`  memory of the idle comment board container: ${stats.trim().split(' / ')[0]} (target <= 60 MB)`);
    await appendFile(appFile, '');
  } finally {
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
