import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(__dirname, 'create-admin.js');

test('npm start\'s create-admin makes the first admin once, then says one exists (its modules resolve without panel-api)', () => {
  const username = `admin${Date.now().toString(36)}`;
  const first = spawnSync(process.execPath, [CLI, username], { encoding: 'utf8', env: process.env, timeout: 60_000 });
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /created the first admin account|an admin account exists/);
  const second = spawnSync(process.execPath, [CLI, username], { encoding: 'utf8', env: process.env, timeout: 60_000 });
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /an admin account exists/);
});
