import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { BenchClient } from './bench/api-client';
import { APPS_DOMAIN, appStatus, waitUntil } from './fault-tools';
import { RunningPlatform, startPlatform } from './platform';

const ROOT = join(__dirname, '..', '..', '..');
const PASSWORD = 'benchmark password';
const DB_PASSWORD = 'a-db-Passw0rd';

const cli = (script: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, [join(ROOT, 'apps/panel-api/dist/backups', script), ...args], { env, encoding: 'utf8' });
const psql = (database: string, sql: string) => execFileSync('runuser', ['-u', 'postgres', '--', 'psql', '-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', database, '-c', sql], { encoding: 'utf8' }).trim();
const panelUrl = () => new URL(process.env.PANEL_DATABASE_URL!.replace(/^mariadb:/, 'mysql:'));
/** Connections are closed in after(), also when a test fails half-way (an open one would keep the process alive). */
const opened: mysql.Connection[] = [];
const connect = async (options: mysql.ConnectionOptions | string) => {
  const connection = await mysql.createConnection(options as mysql.ConnectionOptions);
  opened.push(connection);
  return connection;
};

/** Operator backups: a whole scratch platform backed up, wiped as a new machine would be, and restored. */
describe('npm run backup and npm run restore', () => {
  let platform: RunningPlatform;
  let backups: string;
  const accounts: BenchClient[] = [];

  before(async () => {
    platform = await startPlatform();
    backups = await mkdtemp(join(tmpdir(), 'panel-backups-'));
  });
  after(async () => {
    await Promise.all(opened.map((c) => c.end().catch(() => undefined)));
    await platform?.stop();
    await rm(backups, { recursive: true, force: true });
  });

  test('two accounts with web apps, MySQL and PostgreSQL rows, files and an environment come back whole on a wiped platform', async () => {
    for (const prefix of ['bkpa', 'bkpb']) {
      const client = new BenchClient(platform.url);
      await client.signup(prefix);
      accounts.push(client);
      const u = client.username;
      const created = await client.call('POST', '/api/webapps', { template: 'flask', pythonVersion: '3.11' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await client.waitForJob(created.body.job.id)).status, 'succeeded');
      for (const engine of ['mysql', 'postgres']) {
        const init = await client.call('POST', `/api/databases/${engine}/initialize`, { password: DB_PASSWORD, confirmPassword: DB_PASSWORD });
        assert.equal(init.status, 201, JSON.stringify(init.body));
      }
      const my = await connect({ host: '127.0.0.1', port: Number(panelUrl().port || 3306), user: u, password: DB_PASSWORD, database: `${u}$default` });
      await my.query('CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)');
      await my.query('INSERT INTO notes VALUES (1, ?)', [`mysql row of ${u}`]);
      await my.end();
      psql(`${u}$default`, `SET ROLE "${u}"; CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'postgres row of ${u}');`);
      const saved = await fetch(`${platform.url}/api/files/content?path=${encodeURIComponent(`/home/${u}/notes.txt`)}`, {
        method: 'PUT',
        headers: { authorization: `Token ${client.token}`, 'content-type': 'text/plain' },
        body: `the notes of ${u}\n`,
      });
      assert.equal(saved.status, 201, await saved.text());
    }
    const [alice, bob] = accounts;
    const env = await alice.call('POST', '/api/environments', { name: 'kept-env', pythonVersion: '3.11', requirements: 'six' });
    assert.equal(env.status, 201, JSON.stringify(env.body));
    assert.equal((await alice.waitForJob(env.body.job?.id ?? env.body.id, 180_000)).status, 'succeeded');
    const panel = await connect({ uri: panelUrl().toString() });
    await panel.query("UPDATE accounts SET role = 'admin' WHERE username = ?", [alice.username]);
    await panel.end();

    // A backup that cannot read the data folder fails, says why and exits non-zero; the Admin page shows it.
    const failed = cli('backup.cli.js', [backups], { ...process.env, PANEL_DATA_DIR: join(backups, 'no-such-folder') });
    assert.notEqual(failed.status, 0);
    assert.match(failed.stderr, /the backup failed: rsync/);
    let shown = await alice.call('GET', '/api/admin/backups');
    assert.equal(shown.status, 200);
    assert.equal(shown.body.latest.status, 'failed');
    assert.match(shown.body.latest.error, /rsync/);
    assert.equal(shown.body.lastSucceeded, null);

    await new Promise((r) => setTimeout(r, 1_100)); // backups are named by the second
    const made = cli('backup.cli.js', [backups]);
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /backup complete/);
    shown = await alice.call('GET', '/api/admin/backups');
    assert.equal(shown.body.latest.status, 'succeeded');
    assert.ok(shown.body.latest.sizeBytes > 100_000, JSON.stringify(shown.body.latest));
    assert.equal(shown.body.lastSucceeded.id, shown.body.latest.id);
    // A backup from another account is an admin's business only.
    assert.equal((await bob.call('GET', '/api/admin/backups')).status, 403);

    // Wipe it as a new machine would be: no containers, no account databases or users, an empty panel schema, no data.
    await platform.stop();
    const root = await connect({ uri: panelUrl().toString() });
    const [[{ instanceId }]] = (await root.query('SELECT instance_id AS instanceId FROM platform_instance')) as unknown as [{ instanceId: string }[]];
    execFileSync('sh', ['-c', `docker ps -aq --filter label=panel.instance=${instanceId} | xargs -r docker rm -f`]);
    for (const { username: u } of accounts) {
      await root.query(`DROP DATABASE IF EXISTS \`${u}$default\``);
      await root.query(`DROP USER IF EXISTS '${u}'@'%'`);
      psql('postgres', `DROP DATABASE IF EXISTS "${u}$default" WITH (FORCE)`);
      psql('postgres', `DROP ROLE IF EXISTS "${u}"`);
    }
    const schema = panelUrl().pathname.slice(1);
    await root.query(`DROP DATABASE \`${schema}\``);
    await root.query(`CREATE DATABASE \`${schema}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await root.end();
    execFileSync(process.execPath, [join(ROOT, 'libs/database/dist/cli/run-migrations.js')]);
    const dataDir = process.env.PANEL_DATA_DIR!;
    for (const entry of await readdir(dataDir)) if (!entry.startsWith('caddy')) await rm(join(dataDir, entry), { recursive: true, force: true });

    const restored = cli('restore.cli.js', [backups]);
    assert.equal(restored.status, 0, restored.stderr);
    // Every account of the platform comes back (in npm test, earlier files' accounts too), ours with their databases.
    const counts = /(\d+) account\(s\): (\d+) MySQL and (\d+) PostgreSQL database\(s\)/.exec(restored.stdout);
    assert.ok(counts, restored.stdout);
    const manifest = JSON.parse(await readFile(join(backups, 'latest', 'manifest.json'), 'utf8'));
    assert.equal(Number(counts[1]), manifest.accounts.length);
    for (const { username: u } of accounts) {
      const entry = manifest.accounts.find((a: { username: string }) => a.username === u);
      assert.deepEqual(entry?.mysql?.databases.map((d: { name: string }) => d.name), [`${u}$default`]);
      assert.deepEqual(entry?.postgres?.databases.map((d: { name: string }) => d.name), [`${u}$default`]);
    }
    assert.ok(Number(counts[2]) >= 2 && Number(counts[3]) >= 2, restored.stdout);
    // Over a platform that has accounts, only with --replace.
    const again = cli('restore.cli.js', [backups]);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /--replace/);

    platform = await startPlatform();
    for (const client of accounts) {
      const u = client.username;
      const login = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: PASSWORD }) });
      assert.ok(login.ok, `${u} logs in with their password: ${login.status}`);
      assert.equal((await client.call('GET', '/api/account')).status, 200, 'API tokens still work');
      const file = await client.call('GET', `/api/files/content?path=${encodeURIComponent(`/home/${u}/notes.txt`)}`);
      assert.equal(file.status, 200);
      assert.equal(file.body.content, `the notes of ${u}\n`);
      const my = await connect({ host: '127.0.0.1', port: Number(panelUrl().port || 3306), user: u, password: DB_PASSWORD, database: `${u}$default` });
      const [rows] = await my.query('SELECT body FROM notes');
      await my.end();
      assert.deepEqual(rows, [{ body: `mysql row of ${u}` }]);
      assert.equal(psql(`${u}$default`, 'SELECT body FROM notes'), `postgres row of ${u}`);
      assert.equal(psql('postgres', `SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '${u}$default'`), u, 'the database is the account role\'s');
      // The web app starts by itself: the worker reloads an enabled app that has no container.
      await waitUntil(`${u}'s web app serving`, 120_000, async () => (await appStatus(`${u}.${APPS_DOMAIN}`)) === 200);
    }
    const freeze = await alice.call('GET', '/api/environments/kept-env/freeze');
    assert.equal(freeze.status, 200, JSON.stringify(freeze.body));
    assert.match(JSON.stringify(freeze.body), /six==/);
    const backupsNow = await alice.call('GET', '/api/admin/backups');
    assert.equal(backupsNow.body.latest.status, 'succeeded', 'the backup that was running when its rows were dumped reads as it ended');
    assert.equal(manifest.status, 'complete');
  });
});
