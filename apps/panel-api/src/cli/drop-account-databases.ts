/**
 * Scratch platforms (tests, benchmarks) call this at exit: MySQL users, PostgreSQL roles and their databases are
 * server-wide, so the accounts of a scratch panel database would otherwise leave theirs behind. Drops them for every
 * account of PANEL_DATABASE_URL's database, except usernames that also exist in the live platform's database
 * (PANEL_LIVE_DATABASE_URL), whose users these are too. Refuses to run against the live database itself.
 * Usage: PANEL_LIVE_DATABASE_URL=mysql://... node apps/panel-api/dist/cli/drop-account-databases.js
 */
import 'reflect-metadata';
import { loadConfig } from '@panel/config';
import mysql from 'mysql2/promise';
import { MysqlAdmin } from '../databases/mysql-admin.service';
import { PostgresAdmin } from '../databases/postgres-admin.service';

async function usernames(url: string): Promise<string[]> {
  const connection = await mysql.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:') });
  try {
    const [rows] = await connection.query('SELECT username FROM accounts');
    return (rows as { username: string }[]).map((r) => r.username);
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE' || (error as { code?: string }).code === 'ER_BAD_DB_ERROR') return [];
    throw error;
  } finally {
    await connection.end();
  }
}

async function main() {
  const config = loadConfig();
  const live = process.env.PANEL_LIVE_DATABASE_URL;
  if (!live) throw new Error('PANEL_LIVE_DATABASE_URL is not set: refusing to guess which accounts are live.');
  if (new URL(live).pathname === new URL(config.databaseUrl).pathname) throw new Error('PANEL_DATABASE_URL is the live database: refusing.');
  const liveNames = new Set(await usernames(live));
  const names = (await usernames(config.databaseUrl)).filter((name) => !liveNames.has(name));
  const admins = [new MysqlAdmin(config), new PostgresAdmin(config)];
  let dropped = 0;
  try {
    for (const admin of admins) {
      if (await admin.problem()) continue;
      for (const name of names) {
        if ((await admin.userState(name)) !== 'account') continue;
        await admin.dropAccount(name);
        dropped++;
      }
    }
  } finally {
    await Promise.all(admins.map((a) => a.close()));
  }
  console.log(`dropped the database users of ${dropped} scratch account(s)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
