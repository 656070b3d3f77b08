/**
 * bench/environments: time to create an environment with the tutorial's packages through the API (request to
 * ready), against the floor measured in the same run: `python -m venv` + `pip install --no-index --find-links` of
 * the same set directly in a container of the same image.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startPlatform } from '../platform';
import { BenchClient, ms, percentile } from './api-client';

const run = promisify(execFile);
const PACKAGES = ['flask', 'flask-sqlalchemy', 'flask-migrate', 'flask-login', 'pymysql'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IMAGE = 'panel-python:3.11';

async function floorOnce(): Promise<number> {
  const started = performance.now();
  await run('docker', [
    'run', '--rm', '--network', 'none', '--user', '10999:10999', '-e', 'HOME=/tmp', IMAGE, 'bash', '-c',
    `python3 -m venv /tmp/v && /tmp/v/bin/pip install --quiet --no-index --find-links /usr/share/pip-wheels ${PACKAGES.join(' ')}`,
  ]);
  return performance.now() - started;
}

async function main() {
  const platform = await startPlatform();
  try {
    const client = new BenchClient(platform.url);
    await client.signup();
    const api: number[] = [];
    const floor: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const created = await client.call('POST', '/api/environments', { name: `bench-${round}`, pythonVersion: '3.11', requirements: PACKAGES.join('\n') });
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      const job = await client.waitForJob(created.body.job.id);
      if (job.status !== 'succeeded') throw new Error(`build failed: ${job.error}`);
      api.push(performance.now() - started);
      floor.push(await floorOnce());
    }
    const apiP50 = percentile(api, 50);
    const floorP50 = percentile(floor, 50);
    console.log(`environments: ${PACKAGES.join(' ')} (Python 3.11), ${ROUNDS} rounds, side by side`);
    console.log(`  through the API, request to ready: p50 ${ms(apiP50)}  (all: ${api.map(ms).join(', ')})`);
    console.log(`  floor, venv + pip --no-index in a container: p50 ${ms(floorP50)}  (all: ${floor.map(ms).join(', ')})`);
    console.log(`  ratio API / floor: ${(apiP50 / floorP50).toFixed(2)}  (target <= 1.3, and <= 5 s)`);
  } finally {
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
