import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDatabaseRequest, DATABASE_NAME_RULE, databaseNameProblem } from './databases';

test('a bad database name is told what is wrong with it, not the rule again', () => {
  const wrong: [string, string][] = [
    ['my-db', '"-" is not allowed in a database name: use letters (a-z, A-Z), digits and "_".'],
    ['my db$', 'a space and "$" are not allowed in a database name: use letters (a-z, A-Z), digits and "_".'],
    ['a-b.c d/e', '"-", "." and a space (and 1 more) are not allowed in a database name: use letters (a-z, A-Z), digits and "_".'],
    ['', 'Give the database a name.'],
    ['x'.repeat(63), 'A database name has at most 62 characters after "$"; this one has 63.'],
  ];
  for (const [name, message] of wrong) {
    assert.equal(CreateDatabaseRequest.safeParse({ name }).error?.issues[0].message, message, name);
    assert.equal(databaseNameProblem('alice', name), message, name);
    assert.notEqual(message, DATABASE_NAME_RULE);
  }
  assert.equal(CreateDatabaseRequest.safeParse({ name: 'comments_2' }).success, true);
  assert.match(databaseNameProblem('alice', 'x'.repeat(60)) ?? '', /has 66 characters; the most is 63/);
});
