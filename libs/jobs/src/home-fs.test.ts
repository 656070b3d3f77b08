import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HomeFs, HomeFsError, PendingFile } from './home-fs';

const UID = 12345;

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'homefs-'));
  const home = join(root, 'alice');
  const outside = join(root, 'outside');
  await mkdir(join(home, 'mysite', 'templates'), { recursive: true });
  await mkdir(join(outside, 'b'), { recursive: true });
  await writeFile(join(home, 'mysite', 'flask_app.py'), 'print("hi")\n');
  await writeFile(join(outside, 'secret'), 'root only\n');
  await writeFile(join(outside, 'b', 'secret'), 'root only\n');
  await symlink(join(outside, 'secret'), join(home, 'passwd-link'));
  await symlink(outside, join(home, 'outside-link'));
  await symlink('mysite', join(home, 'site-link'));
  const fs = await HomeFs.open(root, 'alice', UID);
  return { root, home, outside, fs, cleanup: () => rm(root, { recursive: true, force: true }) };
}

const rejectsWith = (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (e: unknown) => e instanceof HomeFsError && e.code === code, `expected ${code}`);

test('locate: canonical paths inside the home; outside, traversal and NUL refused', async () => {
  const { fs, cleanup } = await setup();
  try {
    assert.equal(await fs.locate(''), '');
    assert.equal(await fs.locate('/home/alice'), '');
    assert.equal(await fs.locate('site-link/flask_app.py'), 'mysite/flask_app.py');
    assert.equal(await fs.locate('site-link', false), 'site-link');
    assert.equal(await fs.locate('mysite/new dir/ünï cödé.txt'), 'mysite/new dir/ünï cödé.txt');
    for (const bad of ['../x', '/etc/passwd', '/home/bob/x', '/home/alice/../bob', 'passwd-link', 'outside-link/secret', 'outside-link/b/../secret', 'a\0b', '/home/alicex']) {
      await rejectsWith(fs.locate(bad), 'outside');
    }
    // Deleting or renaming the link itself is fine: the link is in the home.
    assert.equal(await fs.locate('outside-link', false), 'outside-link');
  } finally {
    await cleanup();
  }
});

test("locate follows symlinks as the account's containers see them", async () => {
  const { fs, home, root, cleanup } = await setup();
  try {
    await mkdir(join(root, 'bob'));
    // Made in a console: absolute targets are container paths.
    await symlink('/home/alice/mysite', join(home, 'abs-site'));
    await symlink('/home/alice/../bob', join(home, 'abs-bob'));
    await symlink('/home/bob', join(home, 'other-home'));
    await symlink('../bob', join(home, 'rel-bob'));
    await symlink('mysite/../../bob', join(home, 'rel-bob-2'));
    await symlink('loop-b', join(home, 'loop-a'));
    await symlink('loop-a', join(home, 'loop-b'));
    await symlink('/home/alice/mysite/not-yet.py', join(home, 'future'));
    assert.equal(await fs.locate('abs-site/flask_app.py'), 'mysite/flask_app.py');
    assert.equal(await fs.locate('/home/alice/abs-site/templates'), 'mysite/templates');
    assert.equal(await fs.locate('abs-site/../site-link/flask_app.py'), 'mysite/flask_app.py', '".." after a link climbs from its target');
    assert.equal(await fs.locate('future'), 'mysite/not-yet.py');
    assert.equal(await fs.locate('mysite/new/deeper/../file.txt'), 'mysite/new/file.txt');
    for (const bad of ['abs-bob', 'other-home/x', 'rel-bob', 'rel-bob-2/x', 'abs-site/../../bob']) {
      await rejectsWith(fs.locate(bad), 'outside');
    }
    await rejectsWith(fs.locate('loop-a/x'), 'outside');
  } finally {
    await cleanup();
  }
});

test('a folder swapped for a symlink after the check is not followed', async () => {
  const { fs, home, outside, cleanup } = await setup();
  try {
    await mkdir(join(home, 'a', 'b'), { recursive: true });
    const relative = await fs.locate('a/b');
    // The account swaps "a" for a link to a folder that also has "b" in it.
    await rm(join(home, 'a'), { recursive: true });
    await symlink(outside, join(home, 'a'));
    await rejectsWith(fs.openDirectory(relative), 'symlink');
    const fileRelative = 'a/secret';
    await rejectsWith(fs.openFile(fileRelative), 'symlink');
    // Writing through it fails too, and nothing appears outside.
    await rejectsWith(fs.openDirectory('a/new', true), 'symlink');
    assert.deepEqual((await readdir(outside)).sort(), ['b', 'secret']);
  } finally {
    await cleanup();
  }
});

test('a final symlink is never opened, and a FIFO does not block', async () => {
  const { fs, home, cleanup } = await setup();
  try {
    await rejectsWith(fs.openFile('passwd-link'), 'symlink');
    execFileSync('mkfifo', [join(home, 'fifo')]);
    await rejectsWith(fs.openFile('fifo'), 'not-a-file');
    await rejectsWith(fs.openFile('mysite'), 'is-a-directory');
    const file = await fs.openFile('mysite/flask_app.py');
    assert.equal((await file.handle.readFile('utf8')), 'print("hi")\n');
    await file.handle.close();
  } finally {
    await cleanup();
  }
});

test('pending files are owned by the account, renamed into place, and leave nothing when discarded', async () => {
  const { fs, home, outside, cleanup } = await setup();
  try {
    await fs.withDirectory('mysite', async (dir) => {
      const pending = await PendingFile.create(dir, UID);
      await pending.write(Buffer.from('new content\n'));
      assert.deepEqual(await pending.commit('flask_app.py'), { replaced: true });
      const discarded = await PendingFile.create(dir, UID);
      await discarded.write(Buffer.from('partial'));
      await discarded.discard();
      // Replacing a symlink replaces the link; its target outside is untouched.
      await symlink(join(outside, 'secret'), join(home, 'mysite', 'evil'));
      const overLink = await PendingFile.create(dir, UID);
      await overLink.write(Buffer.from('mine'));
      await overLink.commit('evil');
    });
    assert.equal(await readFile(join(home, 'mysite', 'flask_app.py'), 'utf8'), 'new content\n');
    assert.equal((await stat(join(home, 'mysite', 'flask_app.py'))).uid, UID);
    assert.deepEqual((await readdir(join(home, 'mysite'))).sort(), ['evil', 'flask_app.py', 'templates']);
    assert.ok((await lstat(join(home, 'mysite', 'evil'))).isFile());
    assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'root only\n');
  } finally {
    await cleanup();
  }
});

test('remove deletes a tree without following symlinks in it; walk does not enter symlinks', async () => {
  const { fs, home, outside, cleanup } = await setup();
  try {
    await mkdir(join(home, 'tree', 'deep', 'er'), { recursive: true });
    await writeFile(join(home, 'tree', 'deep', 'er', 'f'), 'x');
    await symlink(outside, join(home, 'tree', 'deep', 'link'));
    const seen: string[] = [];
    await fs.withDirectory('tree', async (dir) => {
      for await (const entry of fs.walk(dir)) seen.push(entry.path);
    });
    assert.deepEqual(seen, ['deep', 'deep/er', 'deep/er/f', 'deep/link']);
    await fs.withDirectory('', (dir) => fs.remove(dir, 'tree'));
    await fs.withDirectory('', (dir) => fs.remove(dir, 'outside-link'));
    assert.deepEqual((await readdir(home)).sort(), ['mysite', 'passwd-link', 'site-link']);
    assert.deepEqual((await readdir(outside)).sort(), ['b', 'secret']);
    assert.ok((await fs.diskUsage()) > 0);
  } finally {
    await cleanup();
  }
});

test('removeIf: removes a folder or file of the expected kind, never what a symlink leads to', async () => {
  const { fs, home, outside, cleanup } = await setup();
  try {
    await mkdir(join(home, '.virtualenvs', 'env', 'bin'), { recursive: true });
    await writeFile(join(home, '.virtualenvs', 'env', 'bin', 'python'), '');
    await symlink(outside, join(home, '.virtualenvs', 'linked'));
    assert.equal(await fs.removeIf('.virtualenvs/linked', 'directory'), false, 'a symlink is not a folder');
    assert.equal((await readdir(outside)).length, 2, 'nothing outside the home was touched');
    assert.equal(await fs.removeIf('.virtualenvs/env', 'file'), false, 'a folder is not a file');
    assert.equal(await fs.removeIf('.virtualenvs/env', 'directory'), true);
    assert.equal(await fs.removeIf('.virtualenvs/env', 'directory'), false, 'already gone');
    assert.equal(await fs.removeIf('mysite/flask_app.py', 'file'), true);
    await rejectsWith(fs.removeIf('outside-link/secret', 'file'), 'outside');
    assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'root only\n');
  } finally {
    await cleanup();
  }
});
