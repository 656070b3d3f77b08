import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

describe('a database server that cannot be reached', () => {
  test('connection-level errors are recognised, directly or wrapped by TypeORM', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true });
    assert.ok(isDatabaseUnavailable(refused));
    assert.ok(isDatabaseUnavailable(lost));
    assert.ok(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], lost)));
    assert.ok(isDatabaseUnavailable(new Error("Can't add new command when connection is in closed state")));
  });

  test('a wrong query, a duplicate row or an ordinary error is not', () => {
    const duplicate = Object.assign(new Error("Duplicate entry 'x' for key 'name'"), { code: 'ER_DUP_ENTRY', errno: 1062 });
    assert.ok(!isDatabaseUnavailable(duplicate));
    assert.ok(!isDatabaseUnavailable(new QueryFailedError('SELECT nope', [], Object.assign(new Error('Unknown column'), { code: 'ER_BAD_FIELD_ERROR' }))));
    assert.ok(!isDatabaseUnavailable(new Error('something else')));
    assert.ok(!isDatabaseUnavailable(undefined));
    assert.ok(!isDatabaseUnavailable('ECONNREFUSED'));
  });
});
