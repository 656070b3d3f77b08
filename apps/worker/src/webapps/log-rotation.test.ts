import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFile, lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { rotateLogIfLarge } from './log-rotation';

const UID = process.getuid!();

async function scratch() {
  const dir = await mkdtemp(join(tmpdir(), 'log-rotation-'));
  return { dir, log: join(dir, 'alice.apps.localhost.error.log'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

test('a log over the limit is copied to .1 and emptied in place; older ones are gzipped and shifted, the oldest dropped', async () => {
  const { dir, log, cleanup } = await scratch();
  try {
    // The app's open handle (O_APPEND) keeps working across rotations.
    const app = await open(log, 'a');
    for (let round = 1; round <= 4; round++) {
      await app.write(`round ${round}\n`.repeat(20));
      assert.equal(await rotateLogIfLarge(log, UID, 100, 3), true, `round ${round} rotated`);
      assert.equal((await lstat(log)).size, 0);
    }
    await app.write('after the last rotation\n');
    assert.equal(await rotateLogIfLarge(log, UID, 100, 3), false, 'a small log is left alone');
    await app.close();
    assert.equal(await readFile(log, 'utf8'), 'after the last rotation\n');
    assert.deepEqual((await readdir(dir)).sort(), ['alice.apps.localhost.error.log', 'alice.apps.localhost.error.log.1', 'alice.apps.localhost.error.log.2.gz', 'alice.apps.localhost.error.log.3.gz']);
    assert.equal(await readFile(`${log}.1`, 'utf8'), 'round 4\n'.repeat(20));
    assert.equal(gunzipSync(await readFile(`${log}.2.gz`)).toString(), 'round 3\n'.repeat(20));
    assert.equal(gunzipSync(await readFile(`${log}.3.gz`)).toString(), 'round 2\n'.repeat(20));
  } finally {
    await cleanup();
  }
});

test('keep 1 leaves only .1', async () => {
  const { dir, log, cleanup } = await scratch();
  try {
    for (const round of [1, 2]) {
      await appendFile(log, `round ${round}\n`.repeat(20));
      assert.equal(await rotateLogIfLarge(log, UID, 10, 1), true);
    }
    assert.deepEqual((await readdir(dir)).sort(), ['alice.apps.localhost.error.log', 'alice.apps.localhost.error.log.1']);
    assert.equal(await readFile(`${log}.1`, 'utf8'), 'round 2\n'.repeat(20));
  } finally {
    await cleanup();
  }
});

test('symlinks and FIFOs the account put in place of a log or a rotated file are never followed', async () => {
  const { dir, log, cleanup } = await scratch();
  const secret = join(dir, '..', `secret-${process.pid}`);
  try {
    await writeFile(secret, 'root only\n'.repeat(100));
    await symlink(secret, log);
    assert.equal(await rotateLogIfLarge(log, UID, 10, 3), false, 'a symlinked log is not rotated');
    await rm(log);
    execFileSync('mkfifo', [log]);
    assert.equal(await rotateLogIfLarge(log, UID, 10, 3), false, 'a FIFO does not block and is not rotated');
    await rm(log);
    await writeFile(log, 'x'.repeat(50));
    await symlink(secret, `${log}.1`);
    await symlink(secret, `${log}.2.gz`);
    assert.equal(await rotateLogIfLarge(log, UID, 10, 3), true);
    assert.equal(await readFile(secret, 'utf8'), 'root only\n'.repeat(100), 'the target is untouched');
    assert.equal(await readFile(`${log}.1`, 'utf8'), 'x'.repeat(50));
    assert.ok((await lstat(`${log}.1`)).isFile());
  } finally {
    await rm(secret, { force: true });
    await cleanup();
  }
});
