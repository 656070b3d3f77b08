/**
 * Identifiers cannot be bound as query parameters, so every name that reaches SQL is checked here first and then
 * quoted. Usernames follow the signup rule ([a-z][a-z0-9]*); database names are `<username>$<[A-Za-z0-9_]+>`.
 */
import { fullDatabaseNameSchema, MAX_DATABASE_NAME_LENGTH, USERNAME_PATTERN } from '@panel/contracts';

export function assertUsername(username: string): string {
  if (!USERNAME_PATTERN.test(username)) throw new Error(`invalid username ${JSON.stringify(username)}`);
  return username;
}

/** A whole database name of this account (never another's), checked before it is quoted into SQL. */
export function assertDatabaseName(username: string, name: string): string {
  assertUsername(username);
  if (!fullDatabaseNameSchema.safeParse(name).success || !name.startsWith(`${username}$`) || name.length > MAX_DATABASE_NAME_LENGTH) {
    throw new Error(`invalid database name ${JSON.stringify(name)} for ${username}`);
  }
  return name;
}

/** `name` as a MySQL identifier: backticks, doubled inside (none can occur in a checked name). */
export const mysqlIdentifier = (name: string): string => '`' + name.replace(/`/g, '``') + '`';

/** `name` as a MySQL string literal (for user names in 'user'@'%'). */
export const mysqlString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `name` as a PostgreSQL identifier: double quotes, doubled inside. Keeps case and the "$". */
export const pgIdentifier = (name: string): string => '"' + name.replace(/"/g, '""') + '"';

/** A PostgreSQL string literal (standard_conforming_strings is on since 9.1: only quotes need doubling). */
export const pgString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** Escapes LIKE's wildcards and its escape character. */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The database pattern of an account's MySQL grant: `<username>$%`, with any "_" or "%" of the username escaped so
 * the pattern matches only this account's databases ("$" is no wildcard). Usernames have neither today; the escape
 * keeps the rule true if the username rule ever allows them.
 */
export const mysqlGrantPattern = (username: string): string => `${escapeLike(assertUsername(username))}$%`;
