import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EnvironmentView } from '@panel/contracts';
import { AccountEntity } from '@panel/database';
import { virtualenvWalks } from '@panel/home-fs';
import { DataSource } from 'typeorm';
import { startTestPlatform, TestClient } from '../testing/platform';

/** The background pass's period in this test; the listing must show a console's change within it (plus one pass). */
const MEASURE_SECONDS = 2;

describe('environment sizes: measured when they change, served from storage', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let client: TestClient;
  let username: string;
  let uid: number;

  before(async () => {
    platform = await startTestPlatform({ PANEL_ENVIRONMENT_MEASURE_SECONDS: String(MEASURE_SECONDS) });
    client = new TestClient(platform.url);
    const session = await client.signup();
    username = session.account.username;
    uid = session.account.uid;
    // The account's consoles would run on this node (a console places it): its worker passes over its home.
    await platform.api.get(DataSource).getRepository(AccountEntity).update({ username }, { homeNodeId: platform.config.nodeId });
  });
  after(() => platform.close());

  const venv = (name: string) => join(platform.config.homesDir, username, '.virtualenvs', name);

  /** What mkvirtualenv and pip leave in a console: pyvenv.cfg, site-packages with one .dist-info per package. */
  async function consoleMade(name: string, packages: string[], filesPerPackage = 20) {
    const site = join(venv(name), 'lib', 'python3.11', 'site-packages');
    await mkdir(site, { recursive: true });
    await writeFile(join(venv(name), 'pyvenv.cfg'), 'home = /usr/bin\nversion = 3.11.2\n');
    for (const pkg of packages) await consolePipInstall(name, pkg, filesPerPackage);
    await chownTree(join(platform.config.homesDir, username, '.virtualenvs'));
  }

  async function consolePipInstall(name: string, pkg: string, files = 20) {
    const site = join(venv(name), 'lib', 'python3.11', 'site-packages');
    await mkdir(join(site, `${pkg}-1.0.dist-info`), { recursive: true });
    await writeFile(join(site, `${pkg}-1.0.dist-info`, 'METADATA'), `Metadata-Version: 2.1\nName: ${pkg}\nVersion: 1.0\n`);
    await mkdir(join(site, pkg), { recursive: true });
    for (let i = 0; i < files; i++) await writeFile(join(site, pkg, `m${i}.py`), 'x = 1\n'.repeat(1000));
    await chownTree(venv(name));
  }

  async function chownTree(path: string) {
    const { readdir, lstat } = await import('node:fs/promises');
    await chown(path, uid, uid);
    if (!(await lstat(path)).isDirectory()) return;
    for (const entry of await readdir(path)) await chownTree(join(path, entry));
  }

  const list = async () => (await client.get<EnvironmentView[]>('/api/environments')).body;

  /** Polls the listing until `ok` holds; bounded by the pass's period plus a pass and some slack. */
  async function listingShows(ok: (envs: EnvironmentView[]) => boolean, what: string): Promise<EnvironmentView[]> {
    const deadline = Date.now() + (2 * MEASURE_SECONDS + 10) * 1000;
    let envs = await list();
    while (!ok(envs)) {
      if (Date.now() > deadline) assert.fail(`${what} did not show within the background pass's period: ${JSON.stringify(envs)}`);
      await sleep(200);
      envs = await list();
    }
    return envs;
  }

  test('a virtualenv made in a console, and a package pip adds to it there, show their size and packages within the pass period', async () => {
    await consoleMade('console-env', ['alpha', 'beta', 'gamma']);
    const first = (await listingShows((envs) => envs.find((e) => e.name === 'console-env')?.packageCount === 3, 'the console-made environment'))[0];
    assert.equal(first.status, 'ready');
    assert.ok(first.sizeBytes !== null && first.sizeBytes > 3 * 20 * 6000, JSON.stringify(first));
    assert.ok(first.measuredAt, 'the listing says when it was measured');

    await consolePipInstall('console-env', 'delta', 40);
    const second = (await listingShows((envs) => envs.find((e) => e.name === 'console-env')?.packageCount === 4, 'a package installed in a console'))[0];
    assert.ok(second.sizeBytes! > first.sizeBytes!, `${second.sizeBytes} > ${first.sizeBytes}`);
    assert.ok(Date.parse(second.measuredAt!) > Date.parse(first.measuredAt!));
    const detail = (await client.get<EnvironmentView>('/api/environments/console-env')).body;
    assert.equal(detail.packageCount, 4);
    assert.equal(detail.measuredAt, second.measuredAt);
  });

  test('listing and showing environments walk no environment, with 1 environment as with 10', async () => {
    const walksDuring = async (requests: number) => {
      const before = virtualenvWalks.count;
      for (let i = 0; i < requests; i++) {
        assert.equal((await client.get('/api/environments')).status, 200);
        assert.equal((await client.get('/api/environments/console-env')).status, 200);
      }
      return virtualenvWalks.count - before;
    };
    assert.equal(await walksDuring(10), 0, 'no walk per request with one environment');

    for (let i = 1; i < 10; i++) await consoleMade(`env${i}`, ['alpha', 'beta'], 5);
    const envs = await listingShows((all) => all.length === 10 && all.every((e) => e.packageCount !== null && e.measuredAt !== null), 'ten measured environments');
    assert.ok(envs.every((e) => e.sizeBytes! > 0));
    // The pass walks only what changed: nothing has, so every walk counted here would be a request's.
    await sleep(MEASURE_SECONDS * 1000 + 500);
    assert.equal(await walksDuring(10), 0, 'no walk per request with ten environments');
  });
});
