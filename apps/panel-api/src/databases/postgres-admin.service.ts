import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { DATABASE_HOSTS, databaseNameProblem, fullDatabaseName, RESERVED_DATABASE_ROLES } from '@panel/contracts';
import { AccountEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { Pool } from 'pg';
import { pgpass, scramSha256Verifier } from './credentials';
import { writeCredentialsFile } from './credentials-file';
import { DatabaseExistsError, EngineAdmin, NotAccountUserError, PooledEngineAdmin } from './engine-admin';
import { assertDatabaseName, assertUsername, escapeLike, pgIdentifier, pgString } from './sql-names';

export const POSTGRES_MAX_CONNECTIONS = 20;
/** The group role of every account role: pg_hba.conf lets its members (only) in from the user network. */
export const POSTGRES_ACCOUNTS_ROLE = 'panel_accounts';

/**
 * PostgreSQL roles and databases for accounts: one LOGIN role per account, named like the account, member of
 * panel_accounts, without CREATEDB or CREATEROLE; `<username>$<name>` databases owned by it with CONNECT revoked
 * from PUBLIC, so no other account can connect to them. PostgreSQL cannot limit CREATEDB to a name pattern, so
 * accounts create their databases here (the tab or the API), not with `createdb`.
 *
 * The panel connects as its own role `panel` (CREATEDB CREATEROLE, not a superuser, not a member of panel_accounts),
 * which becomes a member of each account role so that it can create databases owned by it and drop them. CREATEROLE
 * lets it alter any role that is not a superuser, so it alters only roles userState calls 'account'.
 */
@Injectable()
export class PostgresAdmin extends PooledEngineAdmin implements EngineAdmin, OnApplicationShutdown {
  readonly engine = 'postgres' as const;
  readonly connection;
  private readonly logger = new Logger(PostgresAdmin.name);
  protected readonly pool: Pool;

  constructor(@Inject(PANEL_CONFIG) private readonly config: PanelConfig) {
    super();
    const url = new URL(config.postgresUrl);
    this.connection = { host: DATABASE_HOSTS.postgres, port: Number(url.port || 5432), credentialsFile: '.pgpass', maxConnections: POSTGRES_MAX_CONNECTIONS };
    this.pool = new Pool({ connectionString: config.postgresUrl, max: 4, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
    // A connection dropped while idle (a server restart) must not take the API down.
    this.pool.on('error', (error) => this.logger.warn(`idle PostgreSQL connection: ${error.message}`));
  }

  /**
   * 'account' only for a role made for an account: not a reserved name nor the panel's own role, a member of
   * panel_accounts and of no other role, and without any attribute an account role never has (SUPERUSER, CREATEROLE,
   * CREATEDB, REPLICATION, BYPASSRLS). Any other existing role of that name is 'taken'.
   */
  async userState(username: string): Promise<'none' | 'account' | 'taken'> {
    if (RESERVED_DATABASE_ROLES.has(username) || username === this.panelRole()) return 'taken';
    const { rows } = await this.pool.query<{ account: boolean }>(
      `SELECT NOT (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls)
              AND EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid AND g.rolname = $2)
              AND NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid AND g.rolname <> $2) AS account
         FROM pg_roles r WHERE r.rolname = $1`,
      [assertUsername(username), POSTGRES_ACCOUNTS_ROLE],
    );
    if (!rows.length) return 'none';
    return rows[0].account ? 'account' : 'taken';
  }

  /** The role of PANEL_POSTGRES_URL, which no account operation may touch. */
  private panelRole(): string {
    return decodeURIComponent(new URL(this.config.postgresUrl).username);
  }

  /** Throws unless `username` is an account role ('none' too when `orNone`): checked before every role change. */
  private async assertAccountRole(username: string, orNone = false): Promise<'none' | 'account'> {
    const state = await this.userState(username);
    if (state === 'taken' || (state === 'none' && !orNone)) throw new NotAccountUserError(this.engine, username);
    return state;
  }

  async initialize(account: AccountEntity, password: string): Promise<void> {
    await this.ensureAccountRole(account.username, scramSha256Verifier(password));
    await this.createDatabase(account, 'default');
    await this.writeCredentials(account, password);
  }

  /** The account role with this password verifier, in panel_accounts, with the panel's role a member of it. */
  private async ensureAccountRole(username: string, passwordVerifier: string): Promise<void> {
    const role = pgIdentifier(assertUsername(username));
    const verifier = pgString(passwordVerifier);
    // NOSUPERUSER, NOREPLICATION and NOBYPASSRLS are the defaults (and only a superuser may name them).
    const limits = `LOGIN NOCREATEDB NOCREATEROLE CONNECTION LIMIT ${POSTGRES_MAX_CONNECTIONS}`;
    if ((await this.assertAccountRole(username, true)) === 'none') {
      await this.pool.query(`CREATE ROLE ${role} ${limits} PASSWORD ${verifier} IN ROLE ${POSTGRES_ACCOUNTS_ROLE}`).catch((error) => {
        // Two initializations at once: the other one created it (checked again below, like any existing role).
        if ((error as { code?: string }).code !== '42710') throw error;
      });
    }
    await this.assertAccountRole(username);
    await this.pool.query(`ALTER ROLE ${role} ${limits} PASSWORD ${verifier}`);
    await this.pool.query(`GRANT ${role} TO CURRENT_USER`);
  }

  /**
   * Makes an account's role again from a backup, with its password by the verifier the backup kept (reading one
   * takes a superuser, which the panel's role is not: the backup reads them as the server's `postgres`).
   */
  async restoreAccountRole(username: string, passwordVerifier: string): Promise<void> {
    if (!/^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/.test(passwordVerifier)) {
      throw new Error(`the backup's PostgreSQL password verifier for ${username} is not a SCRAM-SHA-256 verifier`);
    }
    await this.ensureAccountRole(username, passwordVerifier);
  }

  async setPassword(account: AccountEntity, password: string): Promise<void> {
    await this.assertAccountRole(account.username);
    await this.pool.query(`ALTER ROLE ${pgIdentifier(assertUsername(account.username))} PASSWORD ${pgString(scramSha256Verifier(password))}`);
    await this.writeCredentials(account, password);
  }

  async createDatabase(account: AccountEntity, suffix: string, options: { ifNotExists?: boolean } = {}): Promise<string> {
    const problem = databaseNameProblem(account.username, suffix);
    if (problem) throw new Error(problem);
    const name = assertDatabaseName(account.username, fullDatabaseName(account.username, suffix));
    try {
      // CREATE DATABASE cannot run in a transaction: the REVOKE follows at once, before the name is ever shown.
      await this.pool.query(`CREATE DATABASE ${pgIdentifier(name)} OWNER ${pgIdentifier(account.username)} ENCODING 'UTF8' TEMPLATE template1`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error;
      if (options.ifNotExists === false) throw new DatabaseExistsError(this.engine, name);
    }
    await this.pool.query(`REVOKE ALL ON DATABASE ${pgIdentifier(name)} FROM PUBLIC`);
    return name;
  }

  async listDatabases(username: string): Promise<{ name: string; sizeBytes: number }[]> {
    const { rows } = await this.pool.query<{ name: string; size: string }>(
      `SELECT d.datname AS name, pg_database_size(d.oid) AS size
         FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
        WHERE r.rolname = $1 AND d.datname LIKE $2 AND d.datallowconn
        ORDER BY d.datname`,
      [assertUsername(username), `${escapeLike(`${username}$`)}%`],
    );
    return rows.map((r) => ({ name: r.name, sizeBytes: Number(r.size) }));
  }

  async databaseExists(username: string, name: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      'SELECT 1 FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = $1 AND r.rolname = $2',
      [assertDatabaseName(username, name), username],
    );
    return rows.length > 0;
  }

  async dropDatabase(username: string, name: string): Promise<void> {
    // FORCE ends the account's own open sessions on it (a console): deleting was confirmed by typing the name.
    await this.pool.query(`DROP DATABASE IF EXISTS ${pgIdentifier(assertDatabaseName(username, name))} WITH (FORCE)`);
  }

  async dropAccount(username: string): Promise<void> {
    if ((await this.userState(username)) !== 'account') return;
    for (const db of await this.listDatabases(username)) await this.dropDatabase(username, db.name);
    await this.pool.query(`DROP ROLE IF EXISTS ${pgIdentifier(assertUsername(username))}`);
  }

  private writeCredentials(account: AccountEntity, password: string) {
    return writeCredentialsFile(this.config, account, this.connection.credentialsFile, pgpass(account.username, password, this.connection.port));
  }
}
