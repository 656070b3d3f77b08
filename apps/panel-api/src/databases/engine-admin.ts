import { DATABASE_ENGINE_LABELS, DatabaseEngine } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { DatabasesException } from './databases.exceptions';

/** What the Databases tab needs from one engine; MysqlAdmin and PostgresAdmin implement it. */
export interface EngineAdmin {
  readonly engine: DatabaseEngine;
  /** Where account containers connect, and the credentials file in the home. */
  readonly connection: { host: string; port: number; credentialsFile: string; maxConnections: number };
  /** Null when the server answers, else why not. */
  problem(): Promise<string | null>;
  /**
   * 'account' when the account's user/role exists and is one the panel made for an account (nothing more); 'taken'
   * when the name is reserved or belongs to the server, the panel or anyone else. Every operation that sets a
   * password, creates, alters or drops a user/role refuses 'taken' with a NotAccountUserError and changes nothing.
   */
  userState(username: string): Promise<'none' | 'account' | 'taken'>;
  /** Creates the account's user/role with this password and `<username>$default`, and writes the credentials file. */
  initialize(account: AccountEntity, password: string): Promise<void>;
  setPassword(account: AccountEntity, password: string): Promise<void>;
  /** Creates `<username>$<suffix>`; with ifNotExists false an existing one is a DatabaseExistsError. */
  createDatabase(account: AccountEntity, suffix: string, options?: { ifNotExists?: boolean }): Promise<string>;
  /** The account's databases with their sizes in bytes, by name. */
  listDatabases(username: string): Promise<{ name: string; sizeBytes: number }[]>;
  databaseExists(username: string, name: string): Promise<boolean>;
  dropDatabase(username: string, name: string): Promise<void>;
  /** Drops every database of the account and its user/role (scratch platforms' clean-up). */
  dropAccount(username: string): Promise<void>;
  close(): Promise<void>;
}

/** What both engines' admins do the same way with their connection pool: answer for the server, close at shutdown. */
export abstract class PooledEngineAdmin {
  abstract readonly engine: DatabaseEngine;
  protected abstract readonly pool: { query(sql: string): Promise<unknown>; end(): Promise<void> };

  async onApplicationShutdown() {
    await this.close();
  }

  async close() {
    await this.pool.end().catch(() => undefined);
  }

  async problem(): Promise<string | null> {
    try {
      await this.pool.query('SELECT 1');
      return null;
    } catch (error) {
      return `${DATABASE_ENGINE_LABELS[this.engine]} does not answer: ${(error as Error).message}`;
    }
  }
}

/** `<username>$<suffix>` exists already (a 409 DATABASE_EXISTS wherever it surfaces). */
export class DatabaseExistsError extends DatabasesException {
  constructor(engine: DatabaseEngine, name: string) {
    super('DATABASE_EXISTS', `You already have a ${DATABASE_ENGINE_LABELS[engine]} database named ${name}.`);
  }
}

/** A 409 wherever it surfaces: the name's user/role is not this account's to create, alter or drop. */
export class NotAccountUserError extends DatabasesException {
  constructor(engine: DatabaseEngine, username: string) {
    const label = DATABASE_ENGINE_LABELS[engine];
    super('DATABASE_NOT_ACCOUNT_USER', `The name ${username} is reserved for ${label}'s own use, so this account cannot have ${label} databases.`);
  }
}
