import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { AccountEntity } from '@panel/database';
import { writeOwnedFile } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import mysql, { Pool } from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** The host name account containers use for MySQL (mapped to the user network's gateway). */
export const MYSQL_HOST_ALIAS = 'mysql.panel.internal';
const MAX_USER_CONNECTIONS = 20;

/**
 * MySQL users and databases for accounts, as on PythonAnywhere: one MySQL user per account, named like the account,
 * allowed only its own `<username>$...` databases. Identifiers cannot be bound as parameters, so every name reaching
 * SQL here has been validated (usernames: [a-z][a-z0-9]*; database suffixes: [A-Za-z0-9_]+).
 */
@Injectable()
export class MysqlAdmin implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(@Inject(PANEL_CONFIG) private readonly config: PanelConfig) {
    this.pool = mysql.createPool({ uri: config.databaseUrl.replace(/^mariadb:/, 'mysql:'), connectionLimit: 3 });
  }

  async onApplicationShutdown() {
    await this.pool.end();
  }

  async userExists(username: string): Promise<boolean> {
    const [rows] = await this.pool.query('SELECT 1 FROM mysql.user WHERE User = ? LIMIT 1', [username]);
    return (rows as unknown[]).length > 0;
  }

  /** Creates the account's MySQL user and `<username>$default`, and writes ~/.my.cnf so `mysql` just works. */
  async initialize(account: AccountEntity, password: string): Promise<void> {
    const user = assertUsername(account.username);
    await this.pool.query(`CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY ? WITH MAX_USER_CONNECTIONS ${MAX_USER_CONNECTIONS}`, [password]);
    await this.pool.query(`ALTER USER '${user}'@'%' IDENTIFIED BY ?`, [password]);
    // `$` is not a wildcard in grant patterns and usernames have no `_` or `%`, so this matches only their databases.
    await this.pool.query(`GRANT ALL PRIVILEGES ON \`${user}$%\`.* TO '${user}'@'%'`);
    await this.createDatabase(account, 'default');
    await this.writeMyCnf(account, password);
  }

  /** For templates that need a database before the user has set a MySQL password: a generated one. */
  async ensureInitialized(account: AccountEntity): Promise<void> {
    if (await this.userExists(account.username)) return;
    await this.initialize(account, randomBytes(18).toString('base64url'));
  }

  async createDatabase(account: AccountEntity, suffix: string): Promise<string> {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(suffix)) throw new Error(`invalid database name ${suffix}`);
    const name = `${assertUsername(account.username)}$${suffix}`;
    await this.pool.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return name;
  }

  private async writeMyCnf(account: AccountEntity, password: string) {
    const path = join(this.config.homesDir, account.username, '.my.cnf');
    await writeOwnedFile(path, `[client]\nuser = ${account.username}\npassword = ${password}\nhost = ${MYSQL_HOST_ALIAS}\n`, account.uid!, 0o600);
  }
}

function assertUsername(username: string): string {
  if (!/^[a-z][a-z0-9]{0,29}$/.test(username)) throw new Error(`invalid username ${username}`);
  return username;
}
