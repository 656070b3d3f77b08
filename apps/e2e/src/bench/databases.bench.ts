/**
 * bench/databases: the time to create one database through the API, provisioning many accounts with three databases
 * each (initialize + two creates, several accounts at once), and the size listing of an account with 50 databases.
 * Both engines. BENCH_DB_ACCOUNTS (100), BENCH_DB_CONCURRENCY (8) and BENCH_DB_LISTED (50) change the sizes.
 */
import type { DatabaseEngine } from '@panel/contracts';
import { startPlatform } from '../platform';
import { BenchClient, ms, percentile } from './api-client';

const ACCOUNTS = Number(process.env.BENCH_DB_ACCOUNTS ?? 100);
const CONCURRENCY = Number(process.env.BENCH_DB_CONCURRENCY ?? 8);
const LISTED = Number(process.env.BENCH_DB_LISTED ?? 50);
const CREATES = 20;
const LISTINGS = 20;
const ENGINES: DatabaseEngine[] = ['mysql', 'postgres'];
const PASSWORD = { password: 'bench-db-password', confirmPassword: 'bench-db-password' };

async function expect(client: BenchClient, method: string, path: string, body: unknown, status: number) {
  const res = await client.call(method, path, body);
  if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Runs `work` over the items with at most `concurrency` at once. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

const summary = (values: number[]) => `p50 ${ms(percentile(values, 50))}, p95 ${ms(percentile(values, 95))}, max ${ms(Math.max(...values))}`;

async function main() {
  const platform = await startPlatform();
  try {
    console.log(`databases: MySQL (MariaDB) and PostgreSQL through the API (${platform.url})`);

    // 1. One database, created through the API, one after another.
    const single = new BenchClient(platform.url);
    await single.signup('dbbench');
    for (const engine of ENGINES) {
      await expect(single, 'POST', `/api/databases/${engine}/initialize`, PASSWORD, 201);
      const times: number[] = [];
      for (let i = 0; i < CREATES; i++) times.push(await timed(() => expect(single, 'POST', `/api/databases/${engine}`, { name: `single${i}` }, 201)));
      console.log(`  ${engine}: create one database (POST /api/databases/${engine}), ${CREATES} in a row: ${summary(times)}`);
    }

    // 2. Provisioning: accounts that each initialize and create two more databases (three each).
    const clients: BenchClient[] = [];
    const signupStarted = performance.now();
    await pool(
      Array.from({ length: ACCOUNTS }, (_, i) => i),
      4,
      async () => {
        const client = new BenchClient(platform.url);
        await client.signup('dbprov');
        clients.push(client);
      },
    );
    console.log(`  (signed up ${ACCOUNTS} accounts in ${ms(performance.now() - signupStarted)}; not counted below)`);
    for (const engine of ENGINES) {
      const perAccount: number[] = [];
      const started = performance.now();
      await pool(clients, CONCURRENCY, async (client) => {
        perAccount.push(
          await timed(async () => {
            await expect(client, 'POST', `/api/databases/${engine}/initialize`, PASSWORD, 201);
            await expect(client, 'POST', `/api/databases/${engine}`, { name: 'comments' }, 201);
            await expect(client, 'POST', `/api/databases/${engine}`, { name: 'dummyempty' }, 201);
          }),
        );
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `  ${engine}: provisioned ${ACCOUNTS} accounts x 3 databases (${CONCURRENCY} at once) in ${seconds.toFixed(1)} s: ` +
          `${((ACCOUNTS * 3) / seconds).toFixed(1)} databases/s, ${(ACCOUNTS / seconds).toFixed(1)} accounts/s; per account ${summary(perAccount)}`,
      );
    }

    // 3. The size listing of an account with many databases (what the Databases tab asks for).
    const big = new BenchClient(platform.url);
    await big.signup('dblist');
    for (const engine of ENGINES) {
      await expect(big, 'POST', `/api/databases/${engine}/initialize`, PASSWORD, 201);
      await pool(
        Array.from({ length: LISTED - 1 }, (_, i) => i),
        4,
        async (i) => {
          await expect(big, 'POST', `/api/databases/${engine}`, { name: `db${i}` }, 201);
        },
      );
      const listed = (await expect(big, 'GET', `/api/databases/${engine}`, undefined, 200)) as { databases: unknown[] };
      if (listed.databases.length !== LISTED) throw new Error(`expected ${LISTED} ${engine} databases, got ${listed.databases.length}`);
      const times: number[] = [];
      for (let i = 0; i < LISTINGS; i++) times.push(await timed(() => expect(big, 'GET', `/api/databases/${engine}`, undefined, 200)));
      console.log(`  ${engine}: list an account's ${LISTED} databases with their sizes (GET /api/databases/${engine}), ${LISTINGS} times: ${summary(times)}`);
    }
    const both: number[] = [];
    for (let i = 0; i < LISTINGS; i++) both.push(await timed(() => expect(big, 'GET', '/api/databases', undefined, 200)));
    console.log(`  both engines (GET /api/databases, the tab's query), ${LISTED} databases each: ${summary(both)}`);
  } finally {
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
