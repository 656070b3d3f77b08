import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { DATABASE_HOSTS, databaseNameProblem, fullDatabaseName, RESERVED_DATABASE_ROLES } from '@panel/contracts';
import { AccountEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import mysql, { Pool } from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { myCnf, mysqlNativePasswordHash } from './credentials';
import { removeCredentialsFileIf, writeCredentialsFile } from './credentials-file';
import { DatabaseExistsError, EngineAdmin, NotAccountUserError, PooledEngineAdmin } from './engine-admin';
import { assertDatabaseName, assertUsername, escapeLike, mysqlGrantPattern, mysqlIdentifier, mysqlString } from './sql-names';

/** The host name account containers use for MySQL (mapped to the user network's gateway). */
export const MYSQL_HOST_ALIAS = DATABASE_HOSTS.mysql;
export const MYSQL_MAX_USER_CONNECTIONS = 20;

/**
 * MySQL users and databases for accounts, as on PythonAnywhere: one MySQL user per account, named like the account,
 * 'user'@'%' (it connects from its containers on the user network), with ALL on the escaped pattern `<username>$%`
 * only: it can create, use and drop its own `<username>$...` databases (from a console too) and nothing else; it
 * does not see other databases, the panel's schema included. The panel's own MySQL user does this.
 */
@Injectable()
export class MysqlAdmin extends PooledEngineAdmin implements EngineAdmin, OnApplicationShutdown {
  readonly engine = 'mysql' as const;
  readonly connection;
  protected readonly pool: Pool;

  constructor(@Inject(PANEL_CONFIG) private readonly config: PanelConfig) {
    super();
    const url = new URL(config.databaseUrl.replace(/^mariadb:/, 'mysql:'));
    this.connection = { host: MYSQL_HOST_ALIAS, port: Number(url.port || 3306), credentialsFile: '.my.cnf', maxConnections: MYSQL_MAX_USER_CONNECTIONS };
    this.pool = mysql.createPool({ uri: url.toString(), connectionLimit: 4 });
  }

  /**
   * 'account' only for a user made for an account: not a reserved name nor the panel's own user, only
   * '<username>'@'%' (no other host, not a role), with no global privilege and no role granted to it.
   */
  async userState(username: string): Promise<'none' | 'account' | 'taken'> {
    if (RESERVED_DATABASE_ROLES.has(username) || username === decodeURIComponent(new URL(this.config.databaseUrl.replace(/^mariadb:/, 'mysql:')).username)) return 'taken';
    const [rows] = await this.pool.query('SELECT Host AS host FROM mysql.user WHERE User = ?', [assertUsername(username)]);
    const hosts = (rows as { host: string }[]).map((r) => r.host);
    if (hosts.some((h) => h !== '%')) return 'taken';
    if (!hosts.length) return 'none';
    const [extra] = await this.pool.query(
      `SELECT 1 FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ? AND PRIVILEGE_TYPE <> 'USAGE'
       UNION ALL SELECT 1 FROM mysql.roles_mapping WHERE User = ? AND Host = '%'`,
      [`'${username}'@'%'`, username],
    );
    return (extra as unknown[]).length ? 'taken' : 'account';
  }

  /** Throws unless `username` is an account user ('none' too when `orNone`): checked before every user change. */
  private async assertAccountUser(username: string, orNone = false): Promise<'none' | 'account'> {
    const state = await this.userState(username);
    if (state === 'taken' || (state === 'none' && !orNone)) throw new NotAccountUserError(this.engine, username);
    return state;
  }

  async initialize(account: AccountEntity, password: string): Promise<void> {
    await this.ensureAccountUser(account.username, mysqlNativePasswordHash(password));
    await this.createDatabase(account, 'default');
    await this.writeCredentials(account, password);
  }

  /** The account user with this password hash and nothing but its own databases' privileges. */
  private async ensureAccountUser(username: string, passwordHash: string): Promise<void> {
    const user = mysqlString(assertUsername(username));
    const hash = mysqlString(passwordHash);
    await this.assertAccountUser(username, true);
    await this.pool.query(`CREATE USER IF NOT EXISTS ${user}@'%' IDENTIFIED BY PASSWORD ${hash} WITH MAX_USER_CONNECTIONS ${MYSQL_MAX_USER_CONNECTIONS}`);
    // IF NOT EXISTS kept a user someone else made meanwhile: it is altered only if it is an account's.
    await this.assertAccountUser(username);
    await this.pool.query(`ALTER USER ${user}@'%' IDENTIFIED BY PASSWORD ${hash} WITH MAX_USER_CONNECTIONS ${MYSQL_MAX_USER_CONNECTIONS}`);
    await this.pool.query(`GRANT ALL PRIVILEGES ON ${mysqlIdentifier(mysqlGrantPattern(username))}.* TO ${user}@'%'`);
  }

  /** The account user's stored password hash, for a backup; null when the account has no MySQL user. */
  async accountPasswordHash(username: string): Promise<string | null> {
    if ((await this.userState(username)) !== 'account') return null;
    const [rows] = await this.pool.query("SELECT authentication_string AS hash FROM mysql.user WHERE User = ? AND Host = '%'", [assertUsername(username)]);
    return (rows as { hash: string }[])[0]?.hash || null;
  }

  /** Makes an account's user again from a backup: the same user, privileges and password (by its hash). */
  async restoreAccountUser(username: string, passwordHash: string): Promise<void> {
    if (!/^\*[0-9A-F]{40}$/.test(passwordHash)) throw new Error(`the backup's MySQL password hash for ${username} is not a mysql_native_password hash`);
    await this.ensureAccountUser(username, passwordHash);
  }

  /**
   * For templates that need a database before the user has set a MySQL password: a generated one. Returns how to
   * undo what it made (null when the account's user was there already), for a use-case whose later step fails; a
   * failure of its own is undone before it is thrown.
   */
  async ensureInitialized(account: AccountEntity): Promise<(() => Promise<void>) | null> {
    if ((await this.assertAccountUser(account.username, true)) === 'account') return null;
    const password = randomBytes(18).toString('base64url');
    const undo = () => this.undoInitialize(account, password);
    try {
      await this.initialize(account, password);
    } catch (error) {
      await undo().catch(() => undefined);
      throw error;
    }
    return undo;
  }

  /**
   * Takes back what ensureInitialized made, and nothing the account has since stored: `<username>$default` only if
   * it holds no table, the user only if it then has no database, ~/.my.cnf only if it still holds the generated
   * password.
   */
  private async undoInitialize(account: AccountEntity, password: string): Promise<void> {
    if ((await this.userState(account.username)) !== 'account') return;
    await this.dropDatabaseIfEmpty(account.username, fullDatabaseName(account.username, 'default'));
    if (!(await this.listDatabases(account.username)).length) {
      await this.pool.query(`DROP USER IF EXISTS ${mysqlString(assertUsername(account.username))}@'%'`);
    }
    const file = this.connection.credentialsFile;
    await removeCredentialsFileIf(this.config, account, file, myCnf(account.username, password, this.connection.port));
  }

  async setPassword(account: AccountEntity, password: string): Promise<void> {
    await this.assertAccountUser(account.username);
    await this.pool.query(`ALTER USER ${mysqlString(assertUsername(account.username))}@'%' IDENTIFIED BY PASSWORD ${mysqlString(mysqlNativePasswordHash(password))}`);
    await this.writeCredentials(account, password);
  }

  async createDatabase(account: AccountEntity, suffix: string, options: { ifNotExists?: boolean } = {}): Promise<string> {
    const problem = databaseNameProblem(account.username, suffix);
    if (problem) throw new Error(problem);
    const name = assertDatabaseName(account.username, fullDatabaseName(account.username, suffix));
    try {
      await this.pool.query(`CREATE DATABASE ${options.ifNotExists === false ? '' : 'IF NOT EXISTS '}${mysqlIdentifier(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    } catch (error) {
      if ((error as { errno?: number }).errno === 1007) throw new DatabaseExistsError(this.engine, name);
      throw error;
    }
    return name;
  }

  async listDatabases(username: string): Promise<{ name: string; sizeBytes: number }[]> {
    const prefix = `${assertUsername(username)}$`;
    const [schemata] = await this.pool.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [`${escapeLike(prefix)}%`]);
    // LIKE follows the column's case-insensitive collation: keep only exact prefixes.
    const names = (schemata as { name: string }[]).map((r) => r.name).filter((n) => n.startsWith(prefix));
    if (!names.length) return [];
    // InnoDB's table statistics lag behind writes: its tables count with the size of their files; other engines'
    // (Aria, MyISAM) with their data and index lengths, which are exact.
    const [innodb] = await this.pool.query(
      "SELECT SUBSTRING_INDEX(NAME, '/', 1) AS dir, SUM(FILE_SIZE) AS size FROM information_schema.INNODB_SYS_TABLESPACES WHERE NAME LIKE ? GROUP BY dir",
      [`${escapeLike(`${username}@0024`)}%`],
    );
    const [others] = await this.pool.query(
      "SELECT TABLE_SCHEMA AS name, SUM(DATA_LENGTH + INDEX_LENGTH) AS size FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) AND ENGINE <> 'InnoDB' GROUP BY TABLE_SCHEMA",
      [names],
    );
    const sizeOf = new Map<string, number>();
    const add = (name: string, size: unknown) => sizeOf.set(name, (sizeOf.get(name) ?? 0) + Number(size ?? 0));
    // Tablespace names use the file-name encoding of the database: "$" is "@0024" (letters, digits and "_" stay).
    for (const row of innodb as { dir: string; size: unknown }[]) add(row.dir.replace(/@0024/g, '$'), row.size);
    for (const row of others as { name: string; size: unknown }[]) add(row.name, row.size);
    return names.sort().map((name) => ({ name, sizeBytes: sizeOf.get(name) ?? 0 }));
  }

  async databaseExists(username: string, name: string): Promise<boolean> {
    const [rows] = await this.pool.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [assertDatabaseName(username, name)]);
    return (rows as { name: string }[]).some((r) => r.name === name);
  }

  async dropDatabase(username: string, name: string): Promise<void> {
    await this.pool.query(`DROP DATABASE IF EXISTS ${mysqlIdentifier(assertDatabaseName(username, name))}`);
  }

  /** Drops a database that holds no table (one a failed use-case made); one with tables is the account's and stays. */
  async dropDatabaseIfEmpty(username: string, name: string): Promise<boolean> {
    const [tables] = await this.pool.query('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? LIMIT 1', [assertDatabaseName(username, name)]);
    if ((tables as unknown[]).length) return false;
    await this.dropDatabase(username, name);
    return true;
  }

  async dropAccount(username: string): Promise<void> {
    if ((await this.userState(username)) !== 'account') return;
    for (const db of await this.listDatabases(username)) await this.dropDatabase(username, db.name);
    await this.pool.query(`DROP USER IF EXISTS ${mysqlString(assertUsername(username))}@'%'`);
  }

  private writeCredentials(account: AccountEntity, password: string) {
    return writeCredentialsFile(this.config, account, this.connection.credentialsFile, myCnf(account.username, password, this.connection.port));
  }
}
