import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountFileExists, readAccountFile, writeOwnedFile } from './owned-files';

async function scratch() {
  const dir = await mkdtemp(join(tmpdir(), 'owned-files-'));
  const secret = join(dir, 'secret');
  await writeFile(secret, 'root only\n');
  await symlink(secret, join(dir, 'link'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  return { dir, secret, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

test('readAccountFile: reads regular files, refuses symlinks and FIFOs without blocking, tails from a line', async () => {
  const { dir, cleanup } = await scratch();
  try {
    await writeFile(join(dir, 'log'), 'first line\nsecond line\nthird line\n');
    assert.deepEqual(await readAccountFile(join(dir, 'log')), { text: 'first line\nsecond line\nthird line\n', size: 34 });
    assert.equal((await readAccountFile(join(dir, 'log'), { maxBytes: 15, tail: true }))?.text, 'third line\n');
    assert.equal((await readAccountFile(join(dir, 'log'), { maxBytes: 5 }))?.text, 'first');
    assert.equal(await readAccountFile(join(dir, 'link')), null);
    assert.equal(await readAccountFile(join(dir, 'fifo')), null);
    assert.equal(await readAccountFile(dir), null);
    assert.equal(await readAccountFile(join(dir, 'missing')), null);
    assert.equal(await accountFileExists(join(dir, 'log')), true);
    assert.equal(await accountFileExists(join(dir, 'link')), false);
  } finally {
    await cleanup();
  }
});

test('writeOwnedFile: never writes through a symlink or into a FIFO', async () => {
  const { dir, secret, cleanup } = await scratch();
  try {
    await assert.rejects(writeOwnedFile(join(dir, 'link'), 'overwritten', process.getuid!(), 0o644, true));
    assert.equal(await readFile(secret, 'utf8'), 'root only\n');
    await assert.rejects(writeOwnedFile(join(dir, 'fifo'), 'x', process.getuid!(), 0o644, true));
    await writeOwnedFile(join(dir, 'new'), 'hello\n', process.getuid!(), 0o600);
    await writeOwnedFile(join(dir, 'new'), 'again\n', process.getuid!(), 0o600, true);
    assert.equal(await readFile(join(dir, 'new'), 'utf8'), 'hello\nagain\n');
    assert.equal((await stat(join(dir, 'new'))).mode & 0o777, 0o600);
  } finally {
    await cleanup();
  }
});
