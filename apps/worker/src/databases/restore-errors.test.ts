import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientProblem, restoreFailure } from './restore-errors';

test('a mysql error gives the line of the file and the reason', () => {
  const output = "[panel] restoring\nERROR 1064 (42000) at line 3: You have an error in your SQL syntax; check the manual near 'CREAT TABLE x' at line 1\n";
  assert.equal(
    restoreFailure('mysql', output, 'backup.sql'),
    "The restore stopped at line 3 of backup.sql: You have an error in your SQL syntax; check the manual near 'CREAT TABLE x' at line 1 (MySQL error 1064). The statements before that line were applied.",
  );
});

test('a psql error gives the line of the file and the reason', () => {
  const output = 'SET\npsql:/tmp/panel-restore.sql:12: ERROR:  relation "missing" does not exist\nLINE 1: INSERT INTO missing VALUES (1);\n';
  assert.equal(
    restoreFailure('postgres', output, 'dump.sql'),
    'The restore stopped at line 12 of dump.sql: relation "missing" does not exist. Nothing was changed: the restore runs in one transaction.',
  );
});

test('without a line, the last client error is the reason', () => {
  assert.equal(
    restoreFailure('mysql', "ERROR 1045 (28000): Access denied for user 'alice'@'172.18.0.5' (using password: YES)\n", 'x.sql'),
    "ERROR 1045 (28000): Access denied for user 'alice'@'172.18.0.5' (using password: YES)",
  );
  assert.equal(
    clientProblem('pg_dump: error: connection to server at "postgres.panel.internal" (172.18.0.1), port 5432 failed: FATAL:  password authentication failed for user "alice"\n'),
    'connection to server at "postgres.panel.internal" (172.18.0.1), port 5432 failed: FATAL:  password authentication failed for user "alice"',
  );
  assert.equal(clientProblem('[panel] problem: ~/.my.cnf is missing\n'), '~/.my.cnf is missing');
  assert.equal(clientProblem('all fine\n'), null);
});
