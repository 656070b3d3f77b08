/**
 * bench/files: upload throughput of a 100 MiB file through panel-api vs a plain write of the same bytes to the same
 * disk (same run), the memory of the panel-api process during the upload, and the time to list a folder of
 * 10,000 files.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { chown, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { startPlatform } from '../platform';
import { BenchClient, ms, percentile } from './api-client';

const MiB = 1024 * 1024;
const SIZE = 100 * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LISTING_FILES = 10_000;

/** The same bytes for every write: one random MiB, a hundred times. */
const block = randomBytes(MiB);

/** Streams a 100 MiB multipart upload (or a raw PUT body) to the API; resolves with the status and the seconds taken. */
function upload(url: string, token: string, path: string, multipart: boolean): Promise<{ status: number; seconds: number; body: string }> {
  const { hostname, port } = new URL(url);
  const boundary = '----panelbench';
  const head = multipart ? Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`) : Buffer.alloc(0);
  const tail = multipart ? Buffer.from(`\r\n--${boundary}--\r\n`) : Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: hostname,
        port,
        method: multipart ? 'POST' : 'PUT',
        path,
        headers: {
          authorization: `Token ${token}`,
          'content-type': multipart ? `multipart/form-data; boundary=${boundary}` : 'application/octet-stream',
          'content-length': String(head.length + SIZE + tail.length),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, seconds: (performance.now() - started) / 1000, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    void (async () => {
      if (head.length && !req.write(head)) await once(req, 'drain');
      for (let sent = 0; sent < SIZE; sent += MiB) if (!req.write(block)) await once(req, 'drain');
      req.end(tail);
    })();
  });
}

async function plainWrite(path: string): Promise<number> {
  const started = performance.now();
  const out = createWriteStream(path);
  for (let sent = 0; sent < SIZE; sent += MiB) if (!out.write(block)) await once(out, 'drain');
  out.end();
  await once(out, 'close');
  return (performance.now() - started) / 1000;
}

/** panel-api, started by startPlatform as a child of this process. */
async function apiPid(): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && cmdline.includes('panel-api/dist/main.js')) return Number(entry);
    } catch {
      /* gone */
    }
  }
  throw new Error('panel-api process not found');
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

const rate = (seconds: number) => SIZE / MiB / seconds;

/** Every timed write starts with no dirty pages left from the previous one (the kernel's writeback would slow it). */
const sync = () => execFileSync('sync');

async function main() {
  const platform = await startPlatform();
  try {
    const client = new BenchClient(platform.url);
    await client.signup('benchfiles');
    const dataDir = process.env.PANEL_DATA_DIR!;
    const home = join(dataDir, 'home', client.username);
    const userHome = `/home/${client.username}`;
    const pid = await apiPid();
    const plainPath = join(dataDir, 'bench-plain.bin');

    // Warm up both paths once (JIT, page cache, first allocation of the files).
    await plainWrite(plainPath);
    await upload(platform.url, client.token, `/api/files/upload?directory=${encodeURIComponent(userHome)}`, true);

    const api: number[] = [];
    const put: number[] = [];
    const plain: number[] = [];
    const idleRss = await rssOf(pid);
    let peakRss = idleRss;
    for (let round = 0; round < ROUNDS; round++) {
      await rm(plainPath, { force: true });
      sync();
      plain.push(rate(await plainWrite(plainPath)));
      await rm(join(home, 'big.bin'), { force: true });
      sync();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peakRss = Math.max(peakRss, await rssOf(pid));
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const res = await upload(platform.url, client.token, `/api/files/upload?directory=${encodeURIComponent(userHome)}`, true);
      sampling = false;
      await sampler;
      if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${res.body}`);
      api.push(rate(res.seconds));
      sync();
      const saved = await upload(platform.url, client.token, `/api/files/content?path=${encodeURIComponent(`${userHome}/saved.bin`)}`, false);
      if (saved.status !== 201 && saved.status !== 200) throw new Error(`save failed: ${saved.status} ${saved.body}`);
      put.push(rate(saved.seconds));
    }
    const afterRss = await rssOf(pid);
    await rm(plainPath, { force: true });
    await rm(join(home, 'big.bin'), { force: true });
    await rm(join(home, 'saved.bin'), { force: true });

    // A folder of 10,000 files, made on disk as a console would.
    const folder = join(home, 'many');
    await mkdir(folder);
    await chown(folder, client.uid, client.uid);
    for (let i = 0; i < LISTING_FILES; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, LISTING_FILES - i) }, async (_, j) => {
          const file = join(folder, `file-${String(i + j).padStart(5, '0')}.txt`);
          await writeFile(file, `line ${i + j}\n`);
          await chown(file, client.uid, client.uid);
        }),
      );
    }
    const listings: number[] = [];
    for (let round = 0; round < 6; round++) {
      const started = performance.now();
      // Every page (the API answers 500 entries at a time): the whole folder, as the dashboard's Show more gets it.
      let count = 0;
      let after: string | null = null;
      do {
        const res: { status: number; body: { entries: unknown[]; nextCursor: string | null } } = await client.call('GET', `/api/files?path=${encodeURIComponent(`${userHome}/many`)}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        if (res.status !== 200) throw new Error(`listing failed: ${res.status}`);
        count += res.body.entries.length;
        after = res.body.nextCursor;
      } while (after);
      const elapsed = performance.now() - started;
      if (count !== LISTING_FILES) throw new Error(`listing gave ${count} entries, not ${LISTING_FILES}`);
      if (round > 0) listings.push(elapsed); // the first one warms the dentry cache
    }

    const median = (values: number[]) => percentile(values, 50);
    console.log(`files: ${SIZE / MiB} MiB uploads through panel-api vs a plain write to the same disk (${dataDir}), ${ROUNDS} rounds, medians`);
    console.log(`  plain write (Node stream to a file):         ${median(plain).toFixed(0)} MiB/s   (${plain.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(`  upload, multipart POST /api/files/upload:    ${median(api).toFixed(0)} MiB/s   (${api.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(`  save, raw PUT /api/files/content:            ${median(put).toFixed(0)} MiB/s   (${put.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(`  upload / plain write ratio: ${(median(api) / median(plain)).toFixed(2)}; save / plain write: ${(median(put) / median(plain)).toFixed(2)}`);
    console.log(
      `  panel-api memory (RSS): ${(idleRss / MiB).toFixed(0)} MiB before, peak ${(peakRss / MiB).toFixed(0)} MiB during the uploads (+${((peakRss - idleRss) / MiB).toFixed(0)} MiB), ${(afterRss / MiB).toFixed(0)} MiB after`,
    );
    console.log(`  listing a folder of ${LISTING_FILES} files (GET /api/files, every page of 500): median ${ms(median(listings))}, p95 ${ms(percentile(listings, 95))} (${listings.map(ms).join(', ')})`);
  } finally {
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
