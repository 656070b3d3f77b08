import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { lstat, readFile, readdir, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DatabaseEngine, DatabaseJobView, DatabasesOverview, JobView, SessionView } from '@panel/contracts';
import { databaseUploadsDir } from '@panel/jobs';
import mysql from 'mysql2/promise';
import { AccountWorkspaces } from '../accounts/account-workspace';
import { engineOf, runtimeOf } from '../testing/engine';
import { LABEL } from '../node-runtime/workload-labels';
import { startTestApi } from '@panel/panel-api/testing';
import { startTestPlatform, TestClient, waitForJob } from '../testing/platform';

const run = promisify(execFile);
type Platform = Awaited<ReturnType<typeof startTestPlatform>>;

/** A password with every character that option files, .pgpass and SQL treat specially. */
const TRICKY_PASSWORD = `a"b\\c#d'e$f:g;h\`i%j_k`;

interface Account {
  client: TestClient;
  session: SessionView;
  username: string;
}

async function signup(platform: Platform, prefix: string): Promise<Account> {
  const client = new TestClient(platform.url);
  const session = await client.signup(`${prefix}${Math.random().toString(36).slice(2, 9)}`);
  return { client, session, username: session.account.username };
}

/** Runs bash in a one-off container as the account, on the user network: what a bash console does. */
async function inContainer(platform: Platform, account: Account, script: string, env: Record<string, string> = {}) {
  const workspace = await platform.worker.get(AccountWorkspaces).forAccount(account.session.account.id);
  let output = '';
  const code = await runtimeOf(platform.worker).runToCompletion({
    owner: { kind: 'job', accountId: account.session.account.id, username: account.username, purpose: 'test' },
    image: 'panel-python:3.11',
    cmd: ['bash', '-c', script],
    user: workspace.user,
    env: { ...workspace.env, ...env },
    workingDir: workspace.homeInContainer,
    binds: workspace.binds,
    timeoutMs: 120_000,
    onOutput: (text: string) => {
      output += text;
    },
  });
  return { code, output };
}

/** A bash function that runs a labelled command and prints its exit status and output for parseTries. */
const TRY = `try() { local label=$1; shift; local out; out=$("$@" 2>&1); local code=$?; printf '<<%s %s\\n%s\\n>>\\n' "$label" "$code" "$out"; }`;

function parseTries(output: string): Record<string, { exit: number; text: string }> {
  const found: Record<string, { exit: number; text: string }> = {};
  for (const m of output.matchAll(/<<(\w+) (\d+)\n([\s\S]*?)\n>>\n/g)) found[m[1]] = { exit: Number(m[2]), text: m[3] };
  return found;
}

/** Waits for a job; a job that does not finish fails the test with its log so far. */
async function jobDone(client: TestClient, id: string): Promise<JobView> {
  try {
    return await waitForJob(client, id, undefined, 90_000);
  } catch (error) {
    const log = (await client.get(`/api/jobs/${id}/log`)).body;
    throw new Error(`${(error as Error).message}; its log: ${log}`, { cause: error });
  }
}

async function initialize(account: Account, engine: DatabaseEngine, password: string) {
  const res = await account.client.post(`/api/databases/${engine}/initialize`, { password, confirmPassword: password });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function upload(account: Account, engine: DatabaseEngine, name: string, body: string | Buffer, fileName = 'backup.sql') {
  const response = await fetch(`${account.client.url}/api/databases/${engine}/${encodeURIComponent(name)}/restore?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { cookie: account.client.cookie, 'x-csrf-token': account.client.csrf, 'content-type': 'application/sql' },
    body,
  });
  return { status: response.status, body: (await response.json()) as { job: JobView; restore: DatabaseJobView; message?: string } };
}

describe('databases: MySQL and PostgreSQL per account, isolated, with dumps and restores', () => {
  let platform: Platform;
  let alice: Account;
  let bob: Account;
  const alicePassword = TRICKY_PASSWORD;
  const bobPassword = 'bob-db-password-1';

  before(async () => {
    platform = await startTestPlatform();
    alice = await signup(platform, 'dba');
    bob = await signup(platform, 'dbb');
  });
  after(() => platform.close());

  const home = (account: Account) => join(platform.config.homesDir, account.username);

  test('provisioning: initialize MySQL and PostgreSQL with a password entered twice; ~/.my.cnf and ~/.pgpass just work', async () => {
    const before = (await alice.client.get<DatabasesOverview>('/api/databases')).body;
    assert.equal(before.mysql.initialized, false);
    assert.equal(before.mysql.available, true, before.mysql.problem ?? '');
    assert.equal(before.postgres.initialized, false);
    assert.equal(before.postgres.available, true, before.postgres.problem ?? '');
    assert.equal(before.mysql.host, 'mysql.panel.internal');
    assert.equal(before.postgres.host, 'postgres.panel.internal');

    const mismatch = await alice.client.post('/api/databases/mysql/initialize', { password: alicePassword, confirmPassword: 'something else' });
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.body.message, /differ/);
    const short = await alice.client.post('/api/databases/mysql/initialize', { password: 'short', confirmPassword: 'short' });
    assert.equal(short.status, 400);

    const mysqlView = await initialize(alice, 'mysql', alicePassword);
    assert.equal(mysqlView.initialized, true);
    assert.deepEqual(mysqlView.databases.map((d: { name: string }) => d.name), [`${alice.username}$default`]);
    const again = await alice.client.post('/api/databases/mysql/initialize', { password: alicePassword, confirmPassword: alicePassword });
    assert.equal(again.status, 409);
    const pgView = await initialize(alice, 'postgres', alicePassword);
    assert.deepEqual(pgView.databases.map((d: { name: string }) => d.name), [`${alice.username}$default`]);
    await initialize(bob, 'mysql', bobPassword);
    await initialize(bob, 'postgres', bobPassword);

    for (const file of ['.my.cnf', '.pgpass']) {
      const info = await stat(join(home(alice), file));
      assert.equal(info.mode & 0o777, 0o600, `${file} is private`);
      assert.equal(info.uid, alice.session.account.uid);
    }

    // A bash console: `mysql` and `psql` need no password or options; the "$" in names needs single quotes.
    const console = await inContainer(
      platform,
      alice,
      `set -e
mysql -N -e 'SELECT CURRENT_USER(), DATABASE()' '${alice.username}$default'
psql -At -c 'SELECT current_user, current_database()'
psql -At -c 'SELECT current_database()' '${alice.username}$default'`,
    );
    assert.equal(console.code, 0, console.output);
    assert.match(console.output, new RegExp(`${alice.username}@%\\s+${alice.username}\\$default`));
    assert.match(console.output, new RegExp(`${alice.username}\\|${alice.username}\\$default`));

    // The explicit form, as PythonAnywhere documents it, works too (password given to the client, not in the file).
    const explicit = await inContainer(
      platform,
      alice,
      `mysql --no-defaults -u "$USER" -h mysql.panel.internal --password="$DBPW" -N -e 'SELECT 1' '${alice.username}$default'`,
      { DBPW: alicePassword },
    );
    assert.equal(explicit.code, 0, explicit.output);
  });

  test('create databases (listed with sizes), refuse bad names with 400 and nothing created, delete explicitly', async () => {
    for (const engine of ['mysql', 'postgres'] as const) {
      const created = await alice.client.post(`/api/databases/${engine}`, { name: 'comments' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.name, `${alice.username}$comments`);
      const duplicate = await alice.client.post(`/api/databases/${engine}`, { name: 'comments' });
      assert.equal(duplicate.status, 409);
      assert.equal((await alice.client.post(`/api/databases/${engine}`, { name: 'dummyempty' })).status, 201);

      const before = (await alice.client.get<DatabasesOverview>('/api/databases')).body[engine].databases.map((d) => d.name);
      const bad = ["it's", 'back`tick', 'dollar$sign', 'per%cent', 'with space', 'unicodé', 'データ', '', 'x'.repeat(64 - alice.username.length), 'semi;colon', 'dash-ed', 'quote"d'];
      for (const name of bad) {
        const res = await alice.client.post(`/api/databases/${engine}`, { name });
        assert.equal(res.status, 400, `${engine} ${JSON.stringify(name)}: ${JSON.stringify(res.body)}`);
        assert.match(res.body.message, name === '' ? /^Give the database a name\.$/ : /letters|characters/);
      }
      const longest = 'y'.repeat(63 - alice.username.length - 1);
      const atLimit = await alice.client.post(`/api/databases/${engine}`, { name: longest });
      assert.equal(atLimit.status, 201, `a whole name of 63 characters is fine: ${JSON.stringify(atLimit.body)}`);
      assert.equal((await alice.client.delete(`/api/databases/${engine}/${encodeURIComponent(`${alice.username}$${longest}`)}`)).status, 204);
      const afterBad = (await alice.client.get<DatabasesOverview>('/api/databases')).body[engine].databases.map((d) => d.name);
      assert.deepEqual(afterBad, before, 'bad names created nothing');

      assert.equal((await alice.client.delete(`/api/databases/${engine}/${encodeURIComponent("alice$x'; DROP DATABASE panel; --")}`)).status, 400);
      assert.equal((await alice.client.delete(`/api/databases/${engine}/${encodeURIComponent(`${bob.username}$default`)}`)).status, 404, "another account's database is not found");
      assert.equal((await alice.client.delete(`/api/databases/${engine}/${encodeURIComponent(`${alice.username}$nosuch`)}`)).status, 404);
      assert.equal((await bob.client.get<DatabasesOverview>('/api/databases')).body[engine].databases.length, 1, 'bob sees only his own');
    }

    // Sizes follow the data.
    const fill = await inContainer(
      platform,
      alice,
      `set -e
mysql '${alice.username}$comments' -e 'CREATE TABLE comments (id INT PRIMARY KEY AUTO_INCREMENT, body TEXT); INSERT INTO comments (body) SELECT REPEAT("x", 1000) FROM seq_1_to_500;'
psql -q '${alice.username}$comments' -c 'CREATE TABLE comments (id serial PRIMARY KEY, body text); INSERT INTO comments (body) SELECT repeat(md5(i::text), 100) FROM generate_series(1, 2000) i;'`,
    );
    assert.equal(fill.code, 0, fill.output);
    const overview = (await alice.client.get<DatabasesOverview>('/api/databases')).body;
    const size = (engine: DatabaseEngine, name: string) => overview[engine].databases.find((d) => d.name === `${alice.username}$${name}`)!.sizeBytes;
    assert.ok(size('mysql', 'comments') > 400 * 1000, `mysql size ${size('mysql', 'comments')}`);
    assert.equal(size('mysql', 'dummyempty'), 0);
    assert.ok(size('postgres', 'comments') > size('postgres', 'dummyempty'), 'postgres sizes differ with the data');

    for (const engine of ['mysql', 'postgres'] as const) {
      assert.equal((await alice.client.delete(`/api/databases/${engine}/${encodeURIComponent(`${alice.username}$dummyempty`)}`)).status, 204);
      const names = (await alice.client.get<DatabasesOverview>('/api/databases')).body[engine].databases.map((d) => d.name);
      assert.ok(!names.includes(`${alice.username}$dummyempty`));
      assert.ok(names.includes(`${alice.username}$comments`), 'deleting one database leaves the others');
    }
  });

  test('MySQL isolation: the account user cannot use, see or create in another account\'s databases, nor read the panel schema', async () => {
    const panelSchema = new URL(platform.config.databaseUrl).pathname.slice(1);
    const panelPassword = decodeURIComponent(new URL(platform.config.databaseUrl).password);
    // From a container on the user network over TCP, as the account's consoles and web apps connect.
    const result = await inContainer(
      platform,
      alice,
      `${TRY}
try use_other mysql -e 'USE \`${bob.username}$default\`'
try select_other mysql -e 'SELECT * FROM \`${bob.username}$default\`.nothing'
try create_other_db mysql -e 'CREATE DATABASE \`${bob.username}$evil\`'
try create_in_other mysql -e 'CREATE TABLE \`${bob.username}$default\`.evil (id INT)'
try use_panel mysql -e 'USE \`${panelSchema}\`'
try read_panel mysql -e 'SELECT username, password_hash FROM \`${panelSchema}\`.accounts'
try read_users mysql -e 'SELECT User, authentication_string FROM mysql.user'
try create_unprefixed mysql -e 'CREATE DATABASE notmine'
try grant_own mysql -e "GRANT ALL ON \\\`${alice.username}\\$default\\\`.* TO '${bob.username}'@'%'"
try wrong_password mysql --no-defaults -h mysql.panel.internal -u "$USER" --password=wrong -e 'SELECT 1'
try as_panel mysql --no-defaults -h mysql.panel.internal -u panel --password="$PANEL_PW" -e 'SELECT 1'
try show_databases mysql -N -e 'SHOW DATABASES'
try create_own mysql -e 'CREATE DATABASE \`${alice.username}$fromconsole\`'`,
      { PANEL_PW: panelPassword },
    );
    const outcome = parseTries(result.output);
    const refused = (label: string, codes: string[]) => {
      assert.notEqual(outcome[label]?.exit, 0, `${label} is refused: ${JSON.stringify(outcome[label])}`);
      assert.ok(codes.some((code) => outcome[label].text.includes(`ERROR ${code}`)), `${label} is refused with ${codes.join(' or ')}: ${outcome[label].text}`);
    };
    refused('use_other', ['1044 (42000)']);
    refused('select_other', ['1142 (42000)', '1044 (42000)']);
    refused('create_other_db', ['1044 (42000)']);
    refused('create_in_other', ['1142 (42000)', '1044 (42000)']);
    refused('use_panel', ['1044 (42000)']);
    refused('read_panel', ['1142 (42000)']);
    refused('read_users', ['1142 (42000)']);
    refused('create_unprefixed', ['1044 (42000)']);
    refused('grant_own', ['1044 (42000)', '1142 (42000)']);
    refused('wrong_password', ['1045 (28000)']);
    // The panel's own MySQL user exists only for localhost: not from the user network, even with its password.
    refused('as_panel', ['1045 (28000)', '1698 (28000)', '1130']);
    assert.equal(outcome.show_databases.exit, 0);
    assert.deepEqual(outcome.show_databases.text.trim().split('\n').sort(), ['information_schema', `${alice.username}$comments`, `${alice.username}$default`].sort());
    // Its own databases it may create from a console, as on PythonAnywhere; the tab lists them.
    assert.equal(outcome.create_own.exit, 0, outcome.create_own.text);
    const listed = (await alice.client.get<DatabasesOverview>('/api/databases')).body.mysql.databases.map((d) => d.name);
    assert.ok(listed.includes(`${alice.username}$fromconsole`), 'a database made in a console shows on the tab');

    // The connection cap and the grant, as the server has them.
    const admin = await mysql.createConnection({ uri: platform.config.databaseUrl });
    try {
      const [rows] = await admin.query('SELECT max_user_connections AS cap FROM mysql.user WHERE User = ? AND Host = ?', [alice.username, '%']);
      assert.equal((rows as { cap: number }[])[0].cap, 20);
      const [grants] = await admin.query(`SHOW GRANTS FOR '${alice.username}'@'%'`);
      const text = (grants as Record<string, string>[]).map((g) => Object.values(g)[0]).join('\n');
      assert.match(text, new RegExp(`GRANT ALL PRIVILEGES ON \`${alice.username}\\$%\`\\.\\* TO`));
      assert.doesNotMatch(text, /WITH GRANT OPTION/);
    } finally {
      await admin.end();
    }
  });

  test('the escaped grant pattern: "_" in a user name cannot match other accounts\' databases', async () => {
    // Usernames have no "_" today; this shows why the pattern escapes it (an unescaped "_" matches any character).
    const admin = await mysql.createConnection({ uri: platform.config.databaseUrl });
    const user = `zq_${Math.random().toString(36).slice(2, 7)}`;
    const lookalike = user.replace('_', 'x');
    try {
      await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'escape-test-pw'`);
      await admin.query(`GRANT ALL PRIVILEGES ON \`${user.replace('_', '\\_')}$%\`.* TO '${user}'@'%'`);
      const result = await inContainer(
        platform,
        alice,
        `${TRY}
try lookalike mysql --no-defaults -h mysql.panel.internal -u '${user}' --password=escape-test-pw -e 'CREATE DATABASE \`${lookalike}$x\`'
try own mysql --no-defaults -h mysql.panel.internal -u '${user}' --password=escape-test-pw -e 'CREATE DATABASE \`${user}$x\`'`,
      );
      const tries = parseTries(result.output);
      assert.match(tries.lookalike.text, /ERROR 1044 \(42000\)/, 'an unescaped "_" would have matched this database');
      assert.equal(tries.own.exit, 0, tries.own.text);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${user}$x\``);
      await admin.query(`DROP DATABASE IF EXISTS \`${lookalike}$x\``);
      await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await admin.end();
    }
  });

  test('PostgreSQL isolation: the account role cannot connect to or create databases of others, nor log in as postgres or panel', async () => {
    const panelPassword = decodeURIComponent(new URL(platform.config.postgresUrl).password);
    // psql prints no SQLSTATE for refusals while connecting, so those are told by the server's own messages.
    const result = await inContainer(
      platform,
      alice,
      `${TRY}
try connect_other psql -c 'SELECT 1' '${bob.username}$default'
try connect_postgres psql -c 'SELECT 1' postgres
try connect_template1 psql -c 'SELECT 1' template1
try wrong_password env PGPASSFILE=/dev/null PGPASSWORD=wrong psql -c 'SELECT 1'
try as_postgres env PGPASSFILE=/dev/null PGPASSWORD=anything psql -U postgres -c 'SELECT 1' postgres
try as_panel env PGPASSFILE=/dev/null PGPASSWORD="$PANEL_PW" psql -U panel -c 'SELECT 1' postgres
try create_other_db psql -v VERBOSITY=verbose -c 'CREATE DATABASE "${bob.username}$evil"' '${alice.username}$comments'
try create_own_db psql -v VERBOSITY=verbose -c 'CREATE DATABASE "${alice.username}$evil"' '${alice.username}$comments'
try create_role psql -v VERBOSITY=verbose -c 'CREATE ROLE sneaky' '${alice.username}$comments'
try join_role psql -v VERBOSITY=verbose -c 'GRANT "${bob.username}" TO "${alice.username}"' '${alice.username}$comments'
try lift_cap psql -v VERBOSITY=verbose -c 'ALTER ROLE "${alice.username}" CONNECTION LIMIT -1' '${alice.username}$comments'
try attributes psql -At -c 'SELECT rolconnlimit, rolcreatedb, rolcreaterole, rolsuper FROM pg_roles WHERE rolname = current_user' '${alice.username}$comments'
try own_table psql -At -c 'CREATE TABLE mine (id int)' -c '\\dt' '${alice.username}$comments'
try others_sessions psql -v VERBOSITY=verbose -At -c 'SELECT usename FROM pg_stat_activity' '${alice.username}$comments'
try others_sessions_fn psql -v VERBOSITY=verbose -At -c 'SELECT usesysid FROM pg_stat_get_activity(NULL)' '${alice.username}$comments'`,
      { PANEL_PW: panelPassword },
    );
    const outcome = parseTries(result.output);
    const refused = (label: string, pattern: RegExp) => {
      assert.notEqual(outcome[label]?.exit, 0, `${label} is refused: ${JSON.stringify(outcome[label])}`);
      assert.match(outcome[label].text, pattern, label);
    };
    refused('connect_other', new RegExp(`FATAL:\\s+permission denied for database "${bob.username}\\$default"[\\s\\S]*does not have CONNECT privilege`));
    refused('connect_postgres', /FATAL:\s+permission denied for database "postgres"/);
    refused('connect_template1', /FATAL:\s+permission denied for database "template1"/);
    refused('wrong_password', /FATAL:\s+password authentication failed for user/);
    refused('as_postgres', /FATAL:\s+pg_hba\.conf rejects connection for host "[0-9.]+", user "postgres"/);
    refused('as_panel', /FATAL:\s+pg_hba\.conf rejects connection for host "[0-9.]+", user "panel"/);
    refused('create_other_db', /ERROR:\s+42501: permission denied to create database/);
    refused('create_own_db', /ERROR:\s+42501: permission denied to create database/);
    refused('create_role', /ERROR:\s+42501: permission denied to create role/);
    refused('join_role', /ERROR:\s+42501: (permission denied|must have admin option)/);
    refused('lift_cap', /ERROR:\s+42501: permission denied/);
    refused('others_sessions', /ERROR:\s+42501: permission denied for view pg_stat_activity/);
    refused('others_sessions_fn', /ERROR:\s+42501: permission denied for function pg_stat_get_activity/);
    assert.equal(outcome.attributes.text.trim(), '20|f|f|f');
    assert.equal(outcome.own_table.exit, 0, outcome.own_table.text);
    assert.match(outcome.own_table.text, /public\|mine\|table/);
  });

  test('dump and restore round trip for both engines, with the dump streamed as a download', async () => {
    const seed = await inContainer(
      platform,
      alice,
      `set -e
mysql '${alice.username}$comments' -e "INSERT INTO comments (body) VALUES ('round trip é'), ('it''s quoted')"
psql -q '${alice.username}$comments' -c "INSERT INTO comments (body) VALUES ('round trip é'), ('it''s quoted')"`,
    );
    assert.equal(seed.code, 0, seed.output);

    for (const engine of ['mysql', 'postgres'] as const) {
      const source = `${alice.username}$comments`;
      const started = await alice.client.post(`/api/databases/${engine}/${encodeURIComponent(source)}/dump`);
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const job = await jobDone(alice.client, started.body.job.id);
      assert.equal(job.status, 'succeeded', job.error ?? '');
      const history = (await alice.client.get(`/api/databases/${engine}/${encodeURIComponent(source)}/jobs`)).body;
      const view: DatabaseJobView = history.find((h: { job: JobView }) => h.job.id === job.id).database;
      assert.equal(view.downloadUrl, `/api/databases/dumps/${job.id}`);
      assert.match(view.file, new RegExp(`^/home/${alice.username}/\\.dumps/${alice.username}\\$comments-\\d{8}-\\d{6}\\.sql$`));

      const download = await fetch(`${platform.url}${view.downloadUrl}`, { headers: { cookie: alice.client.cookie } });
      assert.equal(download.status, 200);
      assert.match(download.headers.get('content-disposition') ?? '', /attachment; filename=".+\.sql"/);
      const dump = await download.text();
      assert.match(dump, engine === 'mysql' ? /CREATE TABLE `comments`/ : /CREATE TABLE public\.comments/);
      assert.match(dump, /round trip é/);
      const onDisk = await stat(join(home(alice), view.file.replace(`/home/${alice.username}/`, '')));
      assert.equal(onDisk.uid, alice.session.account.uid, 'the dump is the account\'s file, written by its job');
      assert.equal(Number(download.headers.get('content-length')), onDisk.size);

      // Bob cannot download Alice's dump.
      assert.equal((await fetch(`${platform.url}${view.downloadUrl}`, { headers: { cookie: bob.client.cookie } })).status, 404);

      const copy = await alice.client.post(`/api/databases/${engine}`, { name: 'copy' });
      assert.equal(copy.status, 201);
      const restore = await upload(alice, engine, `${alice.username}$copy`, dump, 'comments-backup.sql');
      assert.equal(restore.status, 201, JSON.stringify(restore.body));
      const restored = await jobDone(alice.client, restore.body.job.id);
      assert.equal(restored.status, 'succeeded', restored.error ?? '');
      assert.deepEqual(await readdir(databaseUploadsDir(platform.config.dataDir)), [], 'the upload is removed after its job');

      const check = await inContainer(
        platform,
        alice,
        engine === 'mysql'
          ? `mysql -N -e 'SELECT body FROM comments ORDER BY id' '${alice.username}$copy'`
          : `psql -At -c 'SELECT body FROM comments ORDER BY id' '${alice.username}$copy'`,
      );
      assert.equal(check.code, 0, check.output);
      assert.match(check.output, /round trip é/);
      assert.match(check.output, /it's quoted/);
    }
  });

  test('a failed restore says at which line and why; PostgreSQL changes nothing', async () => {
    const bad = 'CREATE TABLE first_table (id INT);\nINSERT INTO first_table VALUES (1);\nCREAT TABLE oops (id INT);\nINSERT INTO first_table VALUES (2);\n';
    for (const engine of ['mysql', 'postgres'] as const) {
      const target = `${alice.username}$copy`;
      const started = await upload(alice, engine, target, bad, 'broken.sql');
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const job = await jobDone(alice.client, started.body.job.id);
      assert.equal(job.status, 'failed');
      assert.match(job.error ?? '', /line 3 of broken\.sql/);
      assert.match(job.error ?? '', /syntax/i);
      const log = (await alice.client.get(`/api/jobs/${job.id}/log`)).body as string;
      assert.match(log, engine === 'mysql' ? /ERROR 1064/ : /ERROR:\s+syntax error/);
      const check = await inContainer(
        platform,
        alice,
        engine === 'mysql' ? `mysql -N -e 'SELECT COUNT(*) FROM first_table' '${target}'` : `psql -At -c 'SELECT COUNT(*) FROM first_table' '${target}'`,
      );
      if (engine === 'postgres') assert.match(check.output, /relation "first_table" does not exist/, 'the whole restore was rolled back');
      else assert.match(check.output, /^1$/m, 'MySQL applied the statements before the failing line');
    }
  });

  test('passwords never appear in job payloads, job output, process arguments or container settings', async () => {
    const seen: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { stdout } = await run('ps', ['-eo', 'args', '--no-headers']);
        seen.push(stdout);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const containerSettings: string[] = [];
    const docker = engineOf(platform.config);
    const inspector = setInterval(async () => {
      for (const c of await docker.listContainers({ filters: { label: [`${LABEL.username}=${alice.username}`] } }).catch(() => [])) {
        const info = await docker.getContainer(c.Id).inspect().catch(() => null);
        if (info) containerSettings.push(JSON.stringify({ env: info.Config.Env, cmd: info.Config.Cmd }));
      }
    }, 100);
    const jobs: JobView[] = [];
    try {
      for (const engine of ['mysql', 'postgres'] as const) {
        const dump = await alice.client.post(`/api/databases/${engine}/${encodeURIComponent(`${alice.username}$comments`)}/dump`);
        jobs.push(await jobDone(alice.client, dump.body.job.id));
        const restore = await upload(alice, engine, `${alice.username}$copy`, 'SELECT 1;\n');
        jobs.push(await jobDone(alice.client, restore.body.job.id));
      }
    } finally {
      sampling = false;
      clearInterval(inspector);
      await sampler;
    }
    assert.ok(jobs.every((j) => j.status === 'succeeded'), JSON.stringify(jobs.map((j) => j.error)));
    assert.ok(containerSettings.length > 0, 'the job containers were seen');
    const admin = await mysql.createConnection({ uri: platform.config.databaseUrl });
    try {
      for (const job of jobs) {
        const log = (await alice.client.get(`/api/jobs/${job.id}/log`)).body as string;
        assert.ok(!log.includes(alicePassword), 'not in the job log');
        const [rows] = await admin.query('SELECT payload FROM jobs WHERE id = ?', [job.id]);
        assert.ok(!JSON.stringify((rows as { payload: unknown }[])[0].payload).includes(alicePassword), 'not in the job payload');
      }
    } finally {
      await admin.end();
    }
    assert.ok(seen.length > 10);
    for (const snapshot of seen) assert.ok(!snapshot.includes(alicePassword), 'no process had the password in its arguments');
    for (const settings of containerSettings) assert.ok(!settings.includes(JSON.stringify(alicePassword).slice(1, -1)) && !settings.includes(alicePassword));
  });

  test('changing the password rewrites the credentials files; the old one stops working', async () => {
    const newPassword = 'a-new-database-password';
    for (const engine of ['mysql', 'postgres'] as const) {
      const res = await alice.client.post(`/api/databases/${engine}/password`, { password: newPassword, confirmPassword: newPassword });
      assert.equal(res.status, 204, JSON.stringify(res.body));
    }
    assert.match(await readFile(join(home(alice), '.my.cnf'), 'utf8'), /^password = a-new-database-password$/m);
    assert.match(await readFile(join(home(alice), '.pgpass'), 'utf8'), /:a-new-database-password\n$/);
    const check = await inContainer(platform, alice, `set -e; mysql -N -e 'SELECT 1'; psql -At -c 'SELECT 2'`);
    assert.equal(check.code, 0, check.output);
    const old = await inContainer(
      platform,
      alice,
      `${TRY}
try mysql_old mysql --no-defaults -h mysql.panel.internal -u "$USER" --password="$OLD" -e 'SELECT 1'
try pg_old env PGPASSFILE=/dev/null PGPASSWORD="$OLD" psql -c 'SELECT 1'`,
      { OLD: alicePassword },
    );
    const tries = parseTries(old.output);
    assert.match(tries.mysql_old.text, /ERROR 1045 \(28000\)/);
    assert.match(tries.pg_old.text, /password authentication failed/);
  });

  test('uploads: too large is a 413 and leaves nothing; a dump file swapped for a link is not served', async () => {
    // panel-api alone, with a 1 MiB limit; Alice's session works on it too.
    const small = await startTestApi({ PANEL_DATABASE_UPLOAD_MAX_MB: '1' });
    try {
      const big = Buffer.alloc(1024 * 1024 + 10, 'a');
      const response = await fetch(`${small.url}/api/databases/mysql/${encodeURIComponent(`${alice.username}$copy`)}/restore`, {
        method: 'POST',
        headers: { cookie: alice.client.cookie, 'x-csrf-token': alice.client.csrf, 'content-type': 'application/sql' },
        body: big,
      });
      assert.equal(response.status, 413);
      assert.match(((await response.json()) as { message: string }).message, /larger than the 1 MiB/);
      const left = await readdir(databaseUploadsDir(small.config.dataDir)).catch(() => []);
      assert.deepEqual(left, []);
    } finally {
      await small.app.close();
    }
    const json = await alice.client.post(`/api/databases/mysql/${encodeURIComponent(`${alice.username}$copy`)}/restore`, { sql: 'SELECT 1' });
    assert.equal(json.status, 400);

    const started = await alice.client.post(`/api/databases/mysql/${encodeURIComponent(`${alice.username}$comments`)}/dump`);
    const job = await jobDone(alice.client, started.body.job.id);
    assert.equal(job.status, 'succeeded', job.error ?? '');
    const file = join(home(alice), (started.body.dump as DatabaseJobView).file.replace(`/home/${alice.username}/`, ''));
    assert.ok((await lstat(file)).isFile());
    await rm(file);
    await symlink('/etc/shadow', file);
    const response = await fetch(`${platform.url}/api/databases/dumps/${job.id}`, { headers: { cookie: alice.client.cookie } });
    assert.equal(response.status, 404);
    assert.doesNotMatch(await response.text(), /root:/);
  });

  test("an account named like the panel's own role cannot touch it: initialize is refused and the panel still logs in", async () => {
    const { AccountEntity } = await import('@panel/database');
    const { DataSource } = await import('typeorm');
    const { PostgresAdmin } = await import('@panel/panel-api/dist/databases/postgres-admin.service');
    const { MysqlAdmin } = await import('@panel/panel-api/dist/databases/mysql-admin.service');
    const accounts = platform.api.get(DataSource).getRepository(AccountEntity);
    const squatter = await signup(platform, 'dbq');
    // As an account made before sign-up refused the name would be.
    await accounts.update({ username: squatter.username }, { username: 'panel' });
    try {
      for (const engine of ['postgres', 'mysql'] as const) {
        const res = await squatter.client.post(`/api/databases/${engine}/initialize`, { password: 'squatter-pass-1', confirmPassword: 'squatter-pass-1' });
        assert.equal(res.status, 409, `${engine}: ${JSON.stringify(res.body)}`);
        assert.match(res.body.message, /reserved/);
      }
      assert.equal(await platform.api.get(PostgresAdmin).userState('panel'), 'taken', "the panel's role is never an account's");
      assert.equal(await platform.api.get(PostgresAdmin).problem(), null, "the panel's PostgreSQL password still works");
      assert.equal(await platform.api.get(MysqlAdmin).userState('root'), 'taken');
    } finally {
      await accounts.update({ username: 'panel' }, { username: squatter.username });
    }
  });

  test("PostgreSQL's catalogs: no account reads other sessions, locks or databases' statistics; \\l, \\du and a plain pg_dump restored on the tab still work", async () => {
    const db = `${alice.username}$comments`;
    const result = await inContainer(
      platform,
      alice,
      `${TRY}
try backends psql -v VERBOSITY=verbose -At -c 'SELECT pg_stat_get_backend_userid(s), pg_stat_get_backend_dbid(s) FROM pg_stat_get_backend_idset() s' '${db}'
try backend_one psql -v VERBOSITY=verbose -At -c 'SELECT pg_stat_get_backend_userid(1)' '${db}'
try locks psql -v VERBOSITY=verbose -At -c 'SELECT database, pid FROM pg_locks' '${db}'
try db_stats psql -v VERBOSITY=verbose -At -c 'SELECT datname, numbackends FROM pg_stat_database' '${db}'
try db_stat_fn psql -v VERBOSITY=verbose -At -c 'SELECT pg_stat_get_db_numbackends(oid) FROM pg_database' '${db}'
try list psql -At -c '\\l' '${db}'
try roles psql -At -c '\\du' '${db}'
try plain_dump pg_dump --file=plain-dump.sql '${db}'`,
    );
    const outcome = parseTries(result.output);
    const refused = (label: string, pattern: RegExp) => {
      assert.notEqual(outcome[label]?.exit, 0, `${label} is refused: ${JSON.stringify(outcome[label])}`);
      assert.match(outcome[label].text, pattern, label);
    };
    refused('backends', /ERROR:\s+42501: permission denied for function pg_stat_get_backend_/);
    refused('backend_one', /ERROR:\s+42501: permission denied for function pg_stat_get_backend_userid/);
    refused('locks', /ERROR:\s+42501: permission denied for view pg_locks/);
    refused('db_stats', /ERROR:\s+42501: permission denied for view pg_stat_database/);
    refused('db_stat_fn', /ERROR:\s+42501: permission denied for function pg_stat_get_db_numbackends/);
    // What stays readable (README, Databases): names in pg_database and pg_roles, which psql and pg_dump need.
    assert.equal(outcome.list.exit, 0, outcome.list.text);
    assert.match(outcome.list.text, new RegExp(`^${alice.username}\\$comments\\|${alice.username}\\|`, 'm'));
    assert.equal(outcome.roles.exit, 0, outcome.roles.text);
    assert.equal(outcome.plain_dump.exit, 0, outcome.plain_dump.text);

    // pg_dump's default output (privileges included) restores in one transaction with ON_ERROR_STOP: it carries no
    // REVOKE on pg_catalog objects, which the account could not run.
    const dump = await readFile(join(home(alice), 'plain-dump.sql'), 'utf8');
    assert.doesNotMatch(dump, /pg_catalog\.pg_stat|pg_catalog\.pg_locks|pg_catalog\.pg_lock_status/);
    const created = await alice.client.post('/api/databases/postgres', { name: 'plain' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const restore = await upload(alice, 'postgres', `${alice.username}$plain`, dump, 'plain-dump.sql');
    assert.equal(restore.status, 201, JSON.stringify(restore.body));
    const job = await jobDone(alice.client, restore.body.job.id);
    assert.equal(job.status, 'succeeded', job.error ?? '');
    const count = await inContainer(platform, alice, `psql -At -c 'SELECT COUNT(*) FROM comments' '${alice.username}$plain'`);
    const original = await inContainer(platform, alice, `psql -At -c 'SELECT COUNT(*) FROM comments' '${db}'`);
    assert.equal(count.output.trim(), original.output.trim());
  });
});
