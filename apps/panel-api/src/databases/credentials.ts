import { DATABASE_HOSTS } from '@panel/contracts';
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/*
 * Passwords are hashed here and only the hashes reach the servers (MySQL's mysql_native_password hash, PostgreSQL's
 * SCRAM-SHA-256 verifier), so no SQL text, server log or process list ever holds one. The plain password goes only
 * into the account's own credentials file (mode 0600), which its clients read.
 */

/** MySQL's mysql_native_password hash: "*" + upper-case hex of SHA1(SHA1(password)). */
export function mysqlNativePasswordHash(password: string): string {
  const inner = createHash('sha1').update(password, 'utf8').digest();
  return '*' + createHash('sha1').update(inner).digest('hex').toUpperCase();
}

/**
 * A SCRAM-SHA-256 verifier as PostgreSQL stores it (RFC 5802/7677): SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>.
 * Passwords are printable ASCII (the request schema), which SASLprep leaves as they are.
 */
export function scramSha256Verifier(password: string, iterations = 4096, salt = randomBytes(16)): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

const HEADER = '# Written by the Databases tab of the panel; setting your password there writes this file again.\n';

/** ~/.my.cnf: read by mysql, mysqldump and friends from any of the account's containers. */
export function myCnf(username: string, password: string, port: number): string {
  // Plain when nothing in it is special to option files, so Python's configparser reads the same value (the comment
  // board does); else quoted, with the escapes for "\\" and '"', so "#", ";" and quotes stay in the password.
  const value = /^[A-Za-z0-9!$%&()*+,./:<=>?@[\]^_`{|}~-]+$/.test(password) ? password : `"${password.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return `${HEADER}[client]\nuser = ${username}\npassword = ${value}\nhost = ${DATABASE_HOSTS.mysql}\nport = ${port}\n`;
}

/** ~/.pgpass: libpq reads the password from here for the host, port and user (any of the account's databases). */
export function pgpass(username: string, password: string, port: number): string {
  const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
  return `${DATABASE_HOSTS.postgres}:${port}:*:${escape(username)}:${escape(password)}\n`;
}
