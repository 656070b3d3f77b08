import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplication } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import type { DatabaseEngine } from '@panel/contracts';
import { AccountEntity } from '@panel/database';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { startTestApi, TestClient, uniqueUsername } from '../testing/test-api';
import { AccountsService } from '../accounts/accounts.service';
import { MysqlAdmin } from './mysql-admin.service';
import { PostgresAdmin } from './postgres-admin.service';

const run = promisify(execFile);
const ENGINES: DatabaseEngine[] = ['postgres', 'mysql'];

/** What only the superuser can read: a role's password verifier and attributes, to prove nothing changed. */
async function pgRoleAsSuperuser(role: string): Promise<string> {
  const sql = `SELECT concat_ws('|', rolpassword, rolsuper, rolcreatedb, rolcreaterole, rolconnlimit) FROM pg_authid WHERE rolname = '${role}'`;
  return (await run('runuser', ['-u', 'postgres', '--', 'psql', '-XAtc', sql])).stdout.trim();
}

describe("database users and roles: an account's operations touch only roles the panel made for an account", () => {
  let app: INestApplication;
  let url: string;
  let config: PanelConfig;
  let panelPg: Pool;
  let panelMysql: mysql.Pool;

  before(async () => {
    ({ app, url, config } = await startTestApi());
    panelPg = new Pool({ connectionString: config.postgresUrl, max: 2 });
    panelMysql = mysql.createPool({ uri: config.databaseUrl.replace(/^mariadb:/, 'mysql:'), connectionLimit: 2 });
  });
  after(async () => {
    await panelPg.end();
    await panelMysql.end();
    await app.close();
  });

  const accounts = () => app.get(DataSource).getRepository(AccountEntity);

  /** A signed-in account, renamed in the panel's database as an account made before sign-up refused the name. */
  async function accountNamed(username: string): Promise<{ client: TestClient; restore: () => Promise<void> }> {
    const client = new TestClient(url);
    const original = uniqueUsername('rsv');
    await client.signup(original);
    await accounts().update({ username: original }, { username });
    return { client, restore: async () => void (await accounts().update({ username }, { username: original })) };
  }

  async function panelLogsIn() {
    const pg = new Client({ connectionString: config.postgresUrl });
    await pg.connect();
    assert.equal((await pg.query('SELECT current_user AS u')).rows[0].u, decodeURIComponent(new URL(config.postgresUrl).username));
    await pg.end();
    const my = await mysql.createConnection({ uri: config.databaseUrl.replace(/^mariadb:/, 'mysql:') });
    await my.query('SELECT 1');
    await my.end();
  }

  test('sign-up as panel, root, postgres, admin or www is a 400 and creates no account', async () => {
    for (const username of ['panel', 'root', 'postgres', 'admin', 'www', 'mysql', 'nobody']) {
      const res = await new TestClient(url).post('/api/auth/signup', { username, password: 'long enough' });
      assert.equal(res.status, 400, `${username}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, /reserved for the platform/);
      assert.equal(await accounts().existsBy({ username }), false, `no account ${username}`);
    }
  });

  test('an account is never created with a reserved name, not even by the operator, who may use only a staff name', async () => {
    const service = app.get(AccountsService);
    for (const username of ['root', 'panel', 'postgres']) {
      await assert.rejects(service.create(username, 'long enough', 'admin', { operator: true }), { status: 400, message: /reserved for the platform/ });
      assert.equal(await accounts().existsBy({ username }), false);
    }
    await assert.rejects(service.create('admin', 'long enough'), { status: 400, message: /reserved for the platform/ }, 'sign-up never may');
  });

  test("an existing account with a reserved name cannot initialize, change or drop a database user, and the panel's passwords still work", async () => {
    for (const username of ['panel', 'postgres', 'root', 'mysql', 'public']) {
      const { client, restore } = await accountNamed(username);
      try {
        const overview = await client.get('/api/databases');
        for (const engine of ENGINES) {
          assert.equal(overview.body[engine].available, false, `${username}/${engine}`);
          assert.match(overview.body[engine].problem, /reserved/);
          const init = await client.post(`/api/databases/${engine}/initialize`, { password: 'squatter-pass-1', confirmPassword: 'squatter-pass-1' });
          assert.equal(init.status, 409, `${username}/${engine}: ${JSON.stringify(init.body)}`);
          assert.match(init.body.message, /reserved/);
          const password = await client.post(`/api/databases/${engine}/password`, { password: 'squatter-pass-1', confirmPassword: 'squatter-pass-1' });
          assert.equal(password.status, 409, `${username}/${engine} password: ${JSON.stringify(password.body)}`);
        }
        // The admins themselves refuse, whoever calls them (templates, scripts), not only the Databases tab.
        const account = (await accounts().findOneByOrFail({ username })) as AccountEntity;
        for (const admin of [app.get(PostgresAdmin), app.get(MysqlAdmin)]) {
          assert.equal(await admin.userState(username), 'taken', `${admin.engine}: ${username}`);
          await assert.rejects(admin.initialize(account, 'squatter-pass-1'), { status: 409, message: /reserved/ });
          await assert.rejects(admin.setPassword(account, 'squatter-pass-1'), { status: 409, message: /reserved/ });
          await admin.dropAccount(username);
        }
        await assert.rejects(app.get(MysqlAdmin).ensureInitialized(account), { status: 409 });
      } finally {
        await restore();
      }
    }
    await panelLogsIn();
  });

  test('a PostgreSQL role of an account\'s name that the panel did not make for an account is never altered', async () => {
    const cases = [
      { why: 'not in panel_accounts', sql: (r: string) => `CREATE ROLE "${r}" LOGIN PASSWORD 'their-own-1'` },
      { why: 'CREATEDB', sql: (r: string) => `CREATE ROLE "${r}" LOGIN CREATEDB PASSWORD 'their-own-1' IN ROLE panel_accounts` },
      { why: 'CREATEROLE', sql: (r: string) => `CREATE ROLE "${r}" LOGIN CREATEROLE PASSWORD 'their-own-1' IN ROLE panel_accounts` },
      { why: 'a member of another role too', sql: (r: string) => `CREATE ROLE "${r}" LOGIN PASSWORD 'their-own-1' IN ROLE panel_accounts, "${r}x"` },
    ];
    for (const { why, sql } of cases) {
      const client = new TestClient(url);
      const username = (await client.signup(uniqueUsername('pgr'))).account.username;
      await panelPg.query(`CREATE ROLE "${username}x" NOLOGIN`);
      try {
        await panelPg.query(sql(username));
        const before = await pgRoleAsSuperuser(username);
        assert.equal(await app.get(PostgresAdmin).userState(username), 'taken', why);
        const init = await client.post('/api/databases/postgres/initialize', { password: 'squatter-pass-1', confirmPassword: 'squatter-pass-1' });
        assert.equal(init.status, 409, `${why}: ${JSON.stringify(init.body)}`);
        const account = await accounts().findOneByOrFail({ username });
        await assert.rejects(app.get(PostgresAdmin).setPassword(account, 'squatter-pass-1'), { status: 409 }, why);
        await app.get(PostgresAdmin).dropAccount(username);
        assert.equal(await pgRoleAsSuperuser(username), before, `${why}: the role's password and attributes are unchanged`);
      } finally {
        await panelPg.query(`DROP ROLE IF EXISTS "${username}"`);
        await panelPg.query(`DROP ROLE IF EXISTS "${username}x"`);
      }
    }
  });

  test("a MySQL user of an account's name with another host, a global privilege or a role is never altered", async () => {
    const cases = [
      { why: 'another host', sql: (u: string) => [`CREATE USER '${u}'@'localhost' IDENTIFIED BY 'their-own-1'`] },
      { why: 'a global privilege', sql: (u: string) => [`CREATE USER '${u}'@'%' IDENTIFIED BY 'their-own-1'`, `GRANT PROCESS ON *.* TO '${u}'@'%'`] },
      { why: 'a role', sql: (u: string) => [`CREATE ROLE '${u}r'`, `CREATE USER '${u}'@'%' IDENTIFIED BY 'their-own-1'`, `GRANT '${u}r' TO '${u}'@'%'`] },
    ];
    for (const { why, sql } of cases) {
      const client = new TestClient(url);
      const username = (await client.signup(uniqueUsername('myr'))).account.username;
      try {
        for (const statement of sql(username)) await panelMysql.query(statement);
        const state = async () => JSON.stringify((await panelMysql.query('SELECT Host, authentication_string FROM mysql.user WHERE User = ? ORDER BY Host', [username]))[0]);
        const before = await state();
        assert.equal(await app.get(MysqlAdmin).userState(username), 'taken', why);
        const init = await client.post('/api/databases/mysql/initialize', { password: 'squatter-pass-1', confirmPassword: 'squatter-pass-1' });
        assert.equal(init.status, 409, `${why}: ${JSON.stringify(init.body)}`);
        const account = await accounts().findOneByOrFail({ username });
        await assert.rejects(app.get(MysqlAdmin).setPassword(account, 'squatter-pass-1'), { status: 409 }, why);
        await app.get(MysqlAdmin).dropAccount(username);
        assert.equal(await state(), before, `${why}: the user is unchanged`);
      } finally {
        await panelMysql.query(`DROP USER IF EXISTS '${username}'@'localhost', '${username}'@'%'`);
        await panelMysql.query(`DROP ROLE IF EXISTS '${username}r'`);
      }
    }
  });

  test("the setup leaves the panel's role outside panel_accounts, and the account roles it makes still go in", async () => {
    // to_jsonb: inherit_option and set_option exist from PostgreSQL 16 on.
    const { rows } = await panelPg.query<{ admin: boolean; inherit: boolean | null; set: boolean | null }>(
      `SELECT m.admin_option AS admin, (to_jsonb(m) ->> 'inherit_option')::boolean AS inherit, (to_jsonb(m) ->> 'set_option')::boolean AS set
         FROM pg_auth_members m WHERE m.member = current_user::regrole AND m.roleid = 'panel_accounts'::regrole`,
    );
    const version = Number((await panelPg.query('SHOW server_version_num')).rows[0].server_version_num);
    if (version < 160000) assert.deepEqual(rows, [], 'PostgreSQL 15 and older: no membership at all (CREATEROLE suffices)');
    else assert.deepEqual(rows.map((r) => [r.admin, r.inherit, r.set]), [[true, false, false]], 'PostgreSQL 16+: only the ADMIN option');
    assert.equal(await app.get(PostgresAdmin).userState(decodeURIComponent(new URL(config.postgresUrl).username)), 'taken');

    const client = new TestClient(url);
    const username = (await client.signup(uniqueUsername('pgok'))).account.username;
    try {
      const init = await client.post('/api/databases/postgres/initialize', { password: 'account-pass-1', confirmPassword: 'account-pass-1' });
      assert.equal(init.status, 201, JSON.stringify(init.body));
      assert.equal(await app.get(PostgresAdmin).userState(username), 'account');
      const member = await panelPg.query(`SELECT 1 FROM pg_auth_members WHERE member = $1::regrole AND roleid = 'panel_accounts'::regrole`, [username]);
      assert.equal(member.rowCount, 1, 'the account role is in panel_accounts');
      const password = await client.post('/api/databases/postgres/password', { password: 'account-pass-2', confirmPassword: 'account-pass-2' });
      assert.equal(password.status, 204, JSON.stringify(password.body));
    } finally {
      await app.get(PostgresAdmin).dropAccount(username);
    }
    await panelLogsIn();
  });
});
