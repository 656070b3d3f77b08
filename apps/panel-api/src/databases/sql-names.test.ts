import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseNameProblem, fullDatabaseNameSchema } from '@panel/contracts';
import { myCnf, mysqlNativePasswordHash, pgpass, scramSha256Verifier } from './credentials';
import { assertDatabaseName, escapeLike, mysqlGrantPattern, mysqlIdentifier, pgIdentifier } from './sql-names';
import { cleanFileName } from './databases.service';

test('the grant pattern escapes "_" and "%" so it matches only the account\'s own databases', () => {
  assert.equal(mysqlGrantPattern('alice'), 'alice$%');
  assert.equal(escapeLike('al_ice%x\\'), 'al\\_ice\\%x\\\\');
  assert.throws(() => mysqlGrantPattern('al_ice'), /invalid username/, 'usernames are checked before they reach SQL');
  assert.equal(mysqlIdentifier(mysqlGrantPattern('alice')), '`alice$%`');
});

test('one naming rule for both engines: <username>$<letters, digits, _>, at most 63 characters in all', () => {
  assert.equal(databaseNameProblem('alice', 'comments'), null);
  assert.equal(databaseNameProblem('alice', 'Mixed_Case_9'), null);
  for (const bad of ["it's", 'back`tick', 'a$b', 'per%cent', 'with space', 'unicodé', 'semi;colon', 'dash-ed', 'dot.ted', 'new\nline']) {
    assert.match(databaseNameProblem('alice', bad) ?? '', /letters/, JSON.stringify(bad));
  }
  assert.equal(databaseNameProblem('alice', ''), 'Give the database a name.');
  assert.equal(databaseNameProblem('alice', 'x'.repeat(57)), null, '5 + 1 + 57 = 63');
  assert.match(databaseNameProblem('alice', 'x'.repeat(58)) ?? '', /64 characters; the most is 63/);
  assert.ok(fullDatabaseNameSchema.safeParse('alice$comments').success);
  assert.ok(!fullDatabaseNameSchema.safeParse('Alice$comments').success);
  assert.ok(!fullDatabaseNameSchema.safeParse("alice$x'; DROP DATABASE panel; --").success);
  assert.throws(() => assertDatabaseName('alice', 'bob$comments'), /invalid database name/);
  assert.equal(pgIdentifier('alice$comments'), '"alice$comments"');
});

test('only password hashes reach the servers', () => {
  assert.equal(mysqlNativePasswordHash('password'), '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19');
  const verifier = scramSha256Verifier('pencil', 4096, Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'));
  assert.match(verifier, /^SCRAM-SHA-256\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
  assert.ok(!verifier.includes('pencil'));
});

test('credentials files quote and escape what their formats treat specially', () => {
  const cnf = myCnf('alice', 'a"b\\c#d', 3306);
  assert.match(cnf, /^\[client\]$/m);
  assert.match(cnf, /^password = "a\\"b\\\\c#d"$/m);
  assert.match(cnf, /^host = mysql\.panel\.internal$/m);
  assert.match(myCnf('alice', 'Plain-pass_w0rd%$', 3306), /^password = Plain-pass_w0rd%\$$/m, 'plain when nothing needs quoting');
  assert.equal(pgpass('alice', 'p:w\\x', 5432), 'postgres.panel.internal:5432:*:alice:p\\:w\\\\x\n');
});

test('an uploaded file name is shown as its last part, printable', () => {
  assert.equal(cleanFileName('C:\\Users\\me\\backup.sql'), 'backup.sql');
  assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
  assert.equal(cleanFileName('dump\u0000é.sql'), 'dump__.sql');
  assert.equal(cleanFileName(undefined), 'upload.sql');
});
