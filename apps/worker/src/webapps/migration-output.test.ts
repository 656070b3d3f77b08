import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REVISION_READ_MARKER, revisionReadFrom } from '@panel/contracts';
import { describeMigrationFailure } from './migration-output';

test('a failed upgrade names the revision and the database error', () => {
  const output = `INFO  [alembic.runtime.migration] Running upgrade  -> 5a1f3c2b9d01, comments table
INFO  [alembic.runtime.migration] Running upgrade 5a1f3c2b9d01 -> 7c4e8a1d2f02, add posted timestamp to comments
Traceback (most recent call last):
  File "x.py", line 1, in <module>
pymysql.err.OperationalError: (1060, "Duplicate column name 'posted'")
sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (1060, "Duplicate column name 'posted'")
`;
  const text = describeMigrationFailure(output)!;
  assert.match(text, /upgrade to 7c4e8a1d2f02 \("add posted timestamp to comments"\) failed/);
  assert.match(text, /Duplicate column name 'posted'/);
  assert.match(text, /recorded revision is still 5a1f3c2b9d01/);
});

test('the database revision a job read is read back: ids only, the last line wins, a malformed line is none', () => {
  const read = { state: 'read', revisions: ['9e2b6d4f1a03'], message: null, dialect: 'mysql', database: 'alice$comments', readAt: '2026-01-01T00:00:00Z' };
  const unreachable = { ...read, state: 'unreachable', revisions: [], message: 'Could not connect' };
  const output = `x\n${REVISION_READ_MARKER} ${JSON.stringify(read)}\ny\n${REVISION_READ_MARKER} ${JSON.stringify(unreachable)}\n`;
  assert.deepEqual(revisionReadFrom(output), unreachable);
  assert.deepEqual(revisionReadFrom(`${REVISION_READ_MARKER} ${JSON.stringify(read)}`)?.revisions, ['9e2b6d4f1a03']);
  assert.equal(revisionReadFrom('nothing'), undefined);
  assert.equal(revisionReadFrom(`${REVISION_READ_MARKER} {not json`), undefined);
  assert.equal(revisionReadFrom(`${REVISION_READ_MARKER} ${JSON.stringify({ ...read, revisions: ['9e2b6d4f1a03 (head)'] })}`), undefined, 'display text is not a revision id');
});
