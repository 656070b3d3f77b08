/**
 * bench/migrations: time for an Upgrade through the API (request to finished job) with nothing pending, and with the
 * comment board's three revisions pending (after a downgrade to base).
 */
import { startPlatform } from '../platform';
import { BenchClient, ms, percentile } from './api-client';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function main() {
  const platform = await startPlatform();
  try {
    const client = new BenchClient(platform.url);
    await client.signup();
    const domain = await client.createCommentBoard();

    const timed = async (body: object) => {
      const started = performance.now();
      const res = await client.call('POST', `/api/webapps/${domain}/migrations`, body);
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      const job = await client.waitForJob(res.body.id);
      if (job.status !== 'succeeded') throw new Error(`${JSON.stringify(body)} failed: ${job.error}`);
      return performance.now() - started;
    };
    const nothingPending: number[] = [];
    const threePending: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      nothingPending.push(await timed({ action: 'upgrade' }));
      await timed({ action: 'downgrade', revision: 'base', confirm: true });
      threePending.push(await timed({ action: 'upgrade' }));
    }
    console.log(`migrations: the comment board (Flask-Migrate on MySQL), ${ROUNDS} rounds`);
    console.log(`  Upgrade with nothing pending: p50 ${ms(percentile(nothingPending, 50))}  (all: ${nothingPending.map(ms).join(', ')})`);
    console.log(`  Upgrade with three revisions pending: p50 ${ms(percentile(threePending, 50))}  (all: ${threePending.map(ms).join(', ')})`);
  } finally {
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
