/** Errors of the network or of a connection, not of a query: the server is down, restarting or unreachable. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  // PostgreSQL: the server is shutting down or starting up.
  '57P01',
  '57P03',
]);

/**
 * Whether an error means a database server (the panel's MariaDB, or the servers of users' databases) cannot be
 * reached right now, rather than that a query was wrong: mysql2 marks connection-level errors `fatal`, TypeORM wraps
 * them as `driverError`, and both drivers carry the socket's code. Such a request is answered 503 and retried later;
 * the pools drop the dead connections, so the API recovers by itself when the server is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  type Candidate = { code?: unknown; fatal?: unknown; driverError?: unknown; cause?: unknown; message?: unknown };
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const c = e as Candidate;
    if (c.fatal === true) return true;
    if (typeof c.code === 'string' && CONNECTION_CODES.has(c.code)) return true;
    if (typeof c.message === 'string' && CLOSED_MESSAGES.test(c.message)) return true;
    e = c.driverError ?? c.cause;
  }
  return false;
}

/** mysql2's and pg's words for a pool or connection that is gone (these errors carry no code). */
const CLOSED_MESSAGES = /^(Pool is closed|Can't add new command when connection is in closed state|Connection terminated)/;
