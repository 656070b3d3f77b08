/**
 * bench/api: every GET operation of the OpenAPI document against one well-stocked account (10 environments, 5 web
 * apps, 10 databases in each engine, 5 consoles, a folder of 10,000 files): p50/p95 and requests/s at 1 and at 20
 * concurrent requests, first with 1 environment, then with 10, so a cost that grows with the data shows as the
 * difference. BENCH_API_SEQUENTIAL (20) and BENCH_API_CONCURRENT (100) are the requests per operation.
 */
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startPlatform } from '../platform';
import { BenchClient, ms, percentile } from './api-client';

const SEQUENTIAL = Number(process.env.BENCH_API_SEQUENTIAL ?? 20);
const CONCURRENT = Number(process.env.BENCH_API_CONCURRENT ?? 100);
const CONCURRENCY = 20;
/** An operation's phase stops early after this long (listing 10,000 files is slow): its figures are from what ran. */
const PHASE_SECONDS = Number(process.env.BENCH_API_PHASE_SECONDS ?? 5);
const REQUEST_TIMEOUT_MS = 20_000;
const ENVIRONMENTS = 10;
const WEBAPPS = 5;
const DATABASES = 10;
const CONSOLES = 5;
const FILES = 10_000;
const APPS_DOMAIN = 'apibench.test';
const REQUIREMENTS = 'flask\nflask-sqlalchemy\nflask-migrate\npymysql\n';

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean }[];
}
type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

interface Measured {
  operation: string;
  status: number;
  /** Requests made at 20 at once (fewer than asked when the phase ran out of time). */
  samples: number;
  seqP50: number;
  seqP95: number;
  seqRps: number;
  p50: number;
  p95: number;
  rps: number;
}

async function expectOk<T = any>(client: BenchClient, method: string, path: string, body?: unknown): Promise<T> {
  const res = await client.call<T>(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** One GET with the account's token, the body read to its end; the status and the milliseconds it took. */
async function timedGet(client: BenchClient, path: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  try {
    const res = await fetch(client.url + path, { headers: { authorization: `Token ${client.token}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  } catch {
    // No answer (or no end to it) in time: shown as status 0, not counted as the worst of those that answer.
    return { status: 0, ms: performance.now() - started };
  }
}

async function measure(client: BenchClient, operation: string, path: string): Promise<Measured> {
  const warm = await timedGet(client, path);
  if (warm.status === 0) return { operation, status: 0, samples: 0, seqP50: warm.ms, seqP95: warm.ms, seqRps: 0, p50: warm.ms, p95: warm.ms, rps: 0 };
  const seq: number[] = [];
  let status = 0;
  const seqStarted = performance.now();
  while (seq.length < SEQUENTIAL && performance.now() - seqStarted < PHASE_SECONDS * 1000) {
    const r = await timedGet(client, path);
    seq.push(r.ms);
    status = r.status;
  }
  const seqSeconds = (performance.now() - seqStarted) / 1000;
  const conc: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CONCURRENT && performance.now() - started < PHASE_SECONDS * 1000) {
        next++;
        conc.push((await timedGet(client, path)).ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    operation,
    status,
    samples: conc.length,
    seqP50: percentile(seq, 50),
    seqP95: percentile(seq, 95),
    seqRps: seq.length / seqSeconds,
    p50: percentile(conc, 50),
    p95: percentile(conc, 95),
    rps: conc.length / seconds,
  };
}

async function main() {
  const platform = await startPlatform({ PANEL_CUSTOM_DOMAINS: `*.${APPS_DOMAIN}`, PANEL_MAX_QUEUED_JOBS: '50' });
  try {
    const client = new BenchClient(platform.url);
    await client.signup('apibench');
    const home = `/home/${client.username}`;
    const hostHome = join(process.env.PANEL_DATA_DIR!, 'home', client.username);
    const setupStarted = performance.now();

    // The account: one environment now (nine more later), web apps, databases, consoles, many files.
    const build = async (name: string) => {
      const created = await expectOk(client, 'POST', '/api/environments', { name, pythonVersion: '3.11', requirements: REQUIREMENTS });
      const job = await client.waitForJob(created.job.id, 600_000);
      if (job.status !== 'succeeded') throw new Error(`building ${name}: ${job.error}`);
    };
    await build('env0');
    const jobs: string[] = [];
    for (let i = 0; i < WEBAPPS; i++) {
      const created = await expectOk(client, 'POST', '/api/webapps', { domain: `app${i}.${APPS_DOMAIN}`, template: 'flask', pythonVersion: '3.11', sourceDirectory: `${home}/site${i}` });
      jobs.push(created.job.id);
    }
    for (const engine of ['mysql', 'postgres']) {
      await expectOk(client, 'POST', `/api/databases/${engine}/initialize`, { password: 'bench-api-password', confirmPassword: 'bench-api-password' });
      for (let i = 1; i < DATABASES; i++) await expectOk(client, 'POST', `/api/databases/${engine}`, { name: `db${i}` });
    }
    const consoleIds: number[] = [];
    for (let i = 0; i < CONSOLES; i++) consoleIds.push((await expectOk(client, 'POST', '/api/consoles', { kind: 'bash' })).id);
    const many = join(hostHome, 'many');
    await mkdir(many);
    await chown(many, client.uid, client.uid);
    for (let i = 0; i < FILES; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, FILES - i) }, async (_, j) => {
          const file = join(many, `file-${String(i + j).padStart(5, '0')}.txt`);
          await writeFile(file, `line ${i + j}\n`);
          await chown(file, client.uid, client.uid);
        }),
      );
    }
    for (const id of jobs) await client.waitForJob(id, 600_000);
    console.log(`api: every GET of the OpenAPI document, one account (${client.username}) on ${platform.url}`);
    console.log(`  set up ${WEBAPPS} web apps, ${DATABASES} databases per engine, ${CONSOLES} consoles, ${FILES} files in ~/many in ${ms(performance.now() - setupStarted)}`);

    const document = await expectOk<OpenApiDocument>(client, 'GET', '/api/docs/openapi.json');
    const webapp = `app0.${APPS_DOMAIN}`;
    const jobId = jobs[0];
    const staticFile = await expectOk(client, 'POST', `/api/webapps/${webapp}/static_files`, { url: '/static/', path: `${home}/site0` }).catch(() => null);
    const tokenId = ((await expectOk<{ id: number }[]>(client, 'GET', '/api/account/tokens'))[0] ?? { id: 1 }).id;
    await writeFile(join(hostHome, 'small.txt'), 'hello\n');
    await chown(join(hostHome, 'small.txt'), client.uid, client.uid);

    const fill = (template: string, name: string): string | null => {
      switch (name) {
        case 'username':
          return client.username;
        case 'domain':
          return webapp;
        case 'engine':
          return 'mysql';
        case 'kind':
          return 'error';
        case 'rest':
          return `home/${client.username}/many`;
        case 'jobId':
          return jobId;
        case 'name':
          return template.startsWith('/api/environments') ? 'env0' : `${client.username}$db1`;
        case 'id':
          if (template.startsWith('/api/jobs')) return jobId;
          if (template.includes('static')) return staticFile ? String(staticFile.id) : null;
          if (template.includes('consoles')) return String(consoleIds[0]);
          if (template.includes('tokens')) return String(tokenId);
          return null;
        default:
          return null;
      }
    };
    const queryFor = (template: string, op: OpenApiOperation): string | null => {
      // The Files tab's listing is of the folder of 10,000 files.
      if (template === '/api/files') return `?path=${encodeURIComponent(`${home}/many`)}`;
      const parts: string[] = [];
      for (const p of op.parameters ?? []) {
        if (p.in !== 'query' || !p.required) continue;
        // A small file where one is read or downloaded.
        if (p.name === 'path') parts.push(`path=${encodeURIComponent(`${home}/small.txt`)}`);
        else return null;
      }
      return parts.length ? `?${parts.join('&')}` : '';
    };
    const operations: { operation: string; path: string }[] = [];
    const skipped: string[] = [];
    for (const [template, methods] of Object.entries(document.paths)) {
      const op = methods.get;
      if (!op) continue;
      // Streams that stay open while their resource lives (live job output, logs followed) are not request/response.
      if (template.endsWith('/events') || template.endsWith('/follow') || template.endsWith('/ws')) {
        skipped.push(`${template} (a stream)`);
        continue;
      }
      let unfilled: string | null = null;
      const path = template.replace(/\{(\w+)\}/g, (_all, name: string) => {
        const value = fill(template, name);
        if (value === null) unfilled = name;
        return encodeURIComponent(value ?? '');
      });
      const query = queryFor(template, op);
      if (unfilled || query === null) {
        skipped.push(`${template} (needs ${unfilled ?? 'a query parameter'} this account has none of)`);
        continue;
      }
      operations.push({ operation: `GET ${template}`, path: path + query });
    }

    const sweep = async (label: string, only?: (operation: string) => boolean) => {
      const results: Measured[] = [];
      console.log(`\n  ${label}: ${SEQUENTIAL} one at a time, then ${CONCURRENT} with ${CONCURRENCY} at once, each phase at most ${PHASE_SECONDS} s (ms, requests/s)`);
      console.log(`  ${'operation'.padEnd(58)} status  p50·1  p95·1  rps·1 | p50·20 p95·20 rps·20     n`);
      for (const { operation, path } of operations) {
        if (only && !only(operation)) continue;
        const r = await measure(client, operation, path);
        results.push(r);
        console.log(
          `  ${r.operation.padEnd(58)} ${String(r.status).padStart(6)} ${r.seqP50.toFixed(0).padStart(6)} ${r.seqP95.toFixed(0).padStart(6)} ${r.seqRps.toFixed(0).padStart(6)} | ${r.p50.toFixed(0).padStart(6)} ${r.p95.toFixed(0).padStart(6)} ${r.rps.toFixed(0).padStart(6)} ${String(r.samples).padStart(5)}`,
        );
      }
      return results;
    };

    const isEnvironmentRead = (operation: string) => operation.startsWith('GET /api/environments');
    const one = await sweep('1 environment (environment operations)', isEnvironmentRead);
    for (let i = 1; i < ENVIRONMENTS; i += 4) await Promise.all(Array.from({ length: Math.min(4, ENVIRONMENTS - i) }, (_, j) => build(`env${i + j}`)));
    const ten = await sweep(`${ENVIRONMENTS} environments (every operation)`);
    if (skipped.length) console.log(`\n  not measured: ${skipped.join('; ')}`);

    const envList = (results: Measured[]) => results.find((r) => r.operation === 'GET /api/environments')!;
    const worst = ten.filter((r) => r.status > 0 && r.status < 300).reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const failing = ten.filter((r) => r.status >= 300 || r.status === 0);
    if (failing.length) console.log(`  answered non-2xx (measured, not counted as worst): ${failing.map((r) => `${r.operation} ${r.status}`).join(', ')}`);
    console.log(`\n  GET /api/environments p95 at ${CONCURRENCY} at once: ${ms(envList(one).p95)} with 1 environment, ${ms(envList(ten).p95)} with ${ENVIRONMENTS}`);
    console.log(`worst_p95_ms=${worst.p95.toFixed(0)}`);
    console.log(`worst_operation=${worst.operation.replace(/\s+/g, '_')}`);
    console.log(`env_list_ms_1=${envList(one).p95.toFixed(0)}`);
    console.log(`env_list_ms_10=${envList(ten).p95.toFixed(0)}`);
  } finally {
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
