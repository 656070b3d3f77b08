import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BenchClient } from '../bench/api-client';
import { RunningPlatform, startPlatform } from '../platform';
import { allBadRequests, BadRequest, OpenApiDocument } from './bad-input';

/** Generated requests in all, spread evenly over the operations of the OpenAPI document. */
const TOTAL = Number(process.env.PANEL_BAD_INPUT_REQUESTS ?? 10_000);
const SEED = 18;
const IN_FLIGHT = 12;

function panelSql(query: string): string {
  const url = new URL(process.env.PANEL_DATABASE_URL ?? 'mysql://panel@127.0.0.1:3306/panel');
  return execFileSync('mariadb', ['-h', url.hostname, '-P', url.port || '3306', '-u', decodeURIComponent(url.username), '-N', '-B', url.pathname.slice(1), '-e', query], {
    encoding: 'utf8',
    env: { ...process.env, MYSQL_PWD: decodeURIComponent(url.password) },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The account's rows in every table that has them, the number of accounts, without columns that only say "used at". */
function databaseDigest(accountId: number): string {
  const columns = panelSql(
    "SELECT table_name, GROUP_CONCAT(CONCAT('`', column_name, '`') ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name NOT IN ('last_used_at', 'updated_at', 'last_heartbeat_at') GROUP BY table_name",
  )
    .trim()
    .split('\n')
    .map((line) => line.split('\t'));
  const parts = [panelSql('SELECT COUNT(*) FROM accounts'), panelSql(`SELECT ${columns.find(([t]) => t === 'accounts')![1]} FROM accounts WHERE id = ${accountId}`)];
  for (const [table, list] of columns) {
    if (!list.split(',').includes('`account_id`')) continue;
    parts.push(`${table}\n${panelSql(`SELECT ${list} FROM \`${table}\` WHERE account_id = ${accountId} ORDER BY 1`)}`);
  }
  return parts.join('\n');
}

/** Everything under a folder by lstat (never following links), with each file's bytes hashed. */
async function treeDigest(root: string): Promise<string> {
  const lines: string[] = [];
  const walk = async (dir: string, rel: string) => {
    const names = await readdir(dir).catch(() => null);
    if (!names) return;
    for (const name of names.sort()) {
      const full = join(dir, name);
      const st = await lstat(full);
      const hash = st.isFile() ? createHash('sha256').update(await readFile(full)).digest('hex') : '';
      lines.push(`${rel}/${name} ${st.mode} ${st.uid} ${st.size} ${hash}`);
      if (st.isDirectory()) await walk(full, `${rel}/${name}`);
    }
  };
  await walk(root, '');
  return lines.join('\n');
}

const ERROR_CODE = /^[A-Z][A-Z0-9_]+$/;

/**
 * The PythonAnywhere-compatible API's scheduled and always-on task endpoints answer a 400 as PythonAnywhere does
 * (Django REST framework's per-field errors, `{"minute": ["This field is required."]}`), which its clients parse.
 */
const isPythonAnywhereFieldErrors = (path: string, status: number, body: unknown) =>
  path.startsWith('/api/v0/') &&
  status === 400 &&
  typeof body === 'object' &&
  body !== null &&
  Object.keys(body).length > 0 &&
  Object.values(body).every((v) => Array.isArray(v) && v.length > 0 && v.every((m) => typeof m === 'string' && m.length > 0));
const rank = (problem: string) => (/^(0|5\d\d) /.test(problem) ? 0 : problem.startsWith('accepted') ? 1 : 2);

describe('bad input everywhere: requests generated from the OpenAPI document', () => {
  let platform: RunningPlatform;
  let client: BenchClient;
  let accountId: number;

  before(async () => {
    platform = await startPlatform();
    client = new BenchClient(platform.url);
    await client.signup('fuzz');
    accountId = (await client.call('GET', '/api/account')).body.id;
  });

  after(async () => {
    // Refused logins are counted per address; later tests log in from this address too.
    const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1';
    const keys = execFileSync('redis-cli', ['-u', redis, '--scan', '--pattern', 'panel:login-*'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    if (keys.length) execFileSync('redis-cli', ['-u', redis, 'del', ...keys]);
    await platform?.stop();
  });

  test('every generated request is refused with a 4xx in the error shape, none is a 5xx, and nothing changes', async () => {
    const document = (await (await fetch(`${platform.url}/api/docs/openapi.json`)).json()) as OpenApiDocument;
    const operations = Object.values(document.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    const requests = allBadRequests(document, client.username, Math.ceil(TOTAL / operations), SEED);
    assert.ok(requests.length >= 10_000, `${requests.length} requests`);
    const dataDir = process.env.PANEL_DATA_DIR ?? '/var/lib/panel';
    const trees = ['home', 'www', 'log'].map((kind) => join(dataDir, kind, client.username));
    const digest = async () => ({ database: databaseDigest(accountId), files: (await Promise.all(trees.map(treeDigest))).join('\n'), homes: (await readdir(join(dataDir, 'home'))).sort().join(' ') });
    const before = await digest();

    const problems: string[] = [];
    const byStatus = new Map<number, number>();
    const send = async (req: BadRequest) => {
      const headers = { ...req.headers, ...(req.anonymous ? {} : { authorization: `Token ${client.token}` }) };
      let status = 0;
      let text = '';
      const body = req.oversized ? `${req.body as string}${'z'.repeat(req.oversized)}` : req.body;
      try {
        const res = await fetch(platform.url + req.path, { method: req.method, headers, body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body), redirect: 'manual', signal: AbortSignal.timeout(30_000) });
        status = res.status;
        text = await res.text();
      } catch (error) {
        text = (error as Error).message;
      }
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      const where = `${req.operation} as ${req.method} ${req.path.slice(0, 160)} (${req.headers['content-type'] ?? 'no body'}, ${String(req.body ?? '').slice(0, 80)})`;
      if (status === 0 || status >= 500) return problems.push(`${status} ${text.slice(0, 200)} ← ${where}`);
      if (status >= 200 && status < 300 && req.method !== 'GET') return problems.push(`accepted (${status}) ← ${where}`);
      if (status >= 400) {
        let body: { statusCode?: unknown; error?: unknown; message?: unknown; code?: unknown } = {};
        try {
          body = JSON.parse(text);
        } catch {
          /* checked below */
        }
        if (isPythonAnywhereFieldErrors(req.path, status, body)) return;
        if (body.statusCode !== status || typeof body.error !== 'string' || typeof body.message !== 'string' || !body.message || typeof body.code !== 'string' || !ERROR_CODE.test(body.code)) {
          problems.push(`${status} not in the error shape: ${text.slice(0, 200)} ← ${where}`);
        }
      }
    };
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < requests.length) await send(requests[next++]);
      }),
    );

    const summary = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ');
    console.log(`bad input: ${requests.length} requests over ${new Set(requests.map((r) => r.operation)).size} operations (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}`);
    // The worst first: no answer or a 5xx, then acceptances, then answers out of shape.
    problems.sort((a, b) => rank(a) - rank(b));
    assert.deepEqual(problems.slice(0, 25), [], `${problems.length} problems`);
    const after = await digest();
    assert.equal(after.homes, before.homes, 'no home was made or removed');
    assert.equal(after.database, before.database, "the account's rows are unchanged");
    assert.equal(after.files, before.files, "the account's home, /var/www and /var/log are unchanged");
    assert.equal((await client.call('GET', '/api/account')).status, 200, "the account's token still works");
  });
});
