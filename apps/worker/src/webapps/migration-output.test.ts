import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentRevisionFrom } from '@panel/contracts';
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

test('the current revision marker is read back', () => {
  assert.equal(currentRevisionFrom('x\n[panel] current revision: 9e2b6d4f1a03 (head)\n', '[panel] current revision:'), '9e2b6d4f1a03 (head)');
  assert.equal(currentRevisionFrom('[panel] current revision: none\n', '[panel] current revision:'), null);
  assert.equal(currentRevisionFrom('nothing', '[panel] current revision:'), undefined);
});
