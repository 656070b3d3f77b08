import type { DatabaseEngine } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';

/** What the Databases tab needs from one engine; MysqlAdmin and PostgresAdmin implement it. */
export interface EngineAdmin {
  readonly engine: DatabaseEngine;
  /** Where account containers connect, and the credentials file in the home. */
  readonly connection: { host: string; port: number; credentialsFile: string; maxConnections: number };
  /** Null when the server answers, else why not. */
  problem(): Promise<string | null>;
  /** 'account' when the account's user/role exists; 'taken' when the name belongs to the server itself. */
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

export class DatabaseExistsError extends Error {}
