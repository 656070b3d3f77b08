import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HomeFs, HomeFsError, lstatNoFollow, PendingFile } from './home-fs';
import { startSwapper } from './testing/rename-swapper';

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

/** A home owned by the account (as on the platform, so no symlink in it is trusted), a template and a victim. */
async function copySetup() {
  const root = await mkdtemp(join(tmpdir(), 'homefs-copy-'));
  const home = join(root, 'alice');
  const victim = join(root, 'victim');
  const template = join(root, 'template');
  await mkdir(join(template, 'templates'), { recursive: true });
  await writeFile(join(template, 'flask_app.py'), 'app = None\n');
  await writeFile(join(template, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  await writeFile(join(template, 'templates', 'index.html'), '<p>hi</p>\n');
  await mkdir(join(victim, 'mysite'), { recursive: true });
  await writeFile(join(victim, 'mysite', 'private.py'), 'victim only\n');
  await mkdir(join(home, 'mysite'), { recursive: true });
  await writeFile(join(home, 'mysite', 'flask_app.py'), 'mine\n');
  await mkdir(join(home, 'empty'));
  await writeFile(join(home, 'notes.txt'), 'notes\n');
  await symlink('mysite', join(home, 'site-link'));
  await symlink('../victim', join(home, 'victim-link'));
  for (const path of [home, join(home, 'mysite'), join(home, 'mysite', 'flask_app.py'), join(home, 'empty'), join(home, 'notes.txt')]) await chown(path, UID, UID);
  const fs = await HomeFs.open(root, 'alice', UID);
  return { root, home, victim, template, fs, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Every path under a folder (lstat, never following a link), for "nothing changed here" checks. */
async function tree(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    found.push(`${path} ${(await lstat(path)).mode}`);
    if (entry.isDirectory()) found.push(...(await tree(path)));
  }
  return found.sort();
}


test('copyIn copies a platform folder into a new folder of the home, every entry owned by the account, with nothing left over', async () => {
  const { home, template, fs, cleanup } = await copySetup();
  try {
    await fs.copyIn(template, 'projects/new site', [{ name: '.secret_key', content: 'k\n', mode: 0o600 }]);
    await fs.copyIn(template, 'empty');
    for (const base of [join(home, 'projects', 'new site'), join(home, 'empty')]) {
      assert.equal(await readFile(join(base, 'flask_app.py'), 'utf8'), 'app = None\n');
      assert.equal(await readFile(join(base, 'templates', 'index.html'), 'utf8'), '<p>hi</p>\n');
      assert.equal((await stat(join(base, 'run.sh'))).mode & 0o777, 0o755);
      for (const path of [base, join(base, 'templates'), join(base, 'flask_app.py'), join(base, 'templates', 'index.html')]) assert.equal((await stat(path)).uid, UID, path);
    }
    assert.equal((await stat(join(home, 'projects'))).uid, UID, 'a parent folder it made is the account\'s');
    assert.equal((await stat(join(home, 'projects', 'new site', '.secret_key'))).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(join(home, 'projects')), ['new site'], 'no hidden staging folder is left');
  } finally {
    await cleanup();
  }
});

test('copyIn refuses a folder with files, a file, and a symlink at or above the target, and then has made nothing', async () => {
  const { home, victim, template, fs, cleanup } = await copySetup();
  try {
    const before = await tree(home);
    const victimBefore = await tree(victim);
    await rejectsWith(fs.copyIn(template, 'mysite'), 'exists');
    await rejectsWith(fs.copyIn(template, 'notes.txt'), 'not-a-directory');
    await rejectsWith(fs.copyIn(template, 'site-link'), 'symlink');
    await rejectsWith(fs.copyIn(template, 'victim-link/mysite/new'), 'symlink');
    await rejectsWith(fs.copyIn(template, 'victim-link'), 'symlink');
    await rejectsWith(fs.copyIn(join(template, 'missing'), 'made/on/the/way'), 'not-found');
    await rejectsWith(fs.copyIn(template, ''), 'exists');
    assert.deepEqual(await tree(home), before, 'nothing was made in the home, not even the parent folders of a failed copy');
    assert.deepEqual(await tree(victim), victimBefore, 'nothing was made in the other home');
  } finally {
    await cleanup();
  }
});

test('a parent folder swapped for a symlink to another home in a loop never makes copyIn write there; each copy succeeds in the home or is refused', async () => {
  const { root, home, victim, template, fs, cleanup } = await copySetup();
  try {
    await mkdir(join(home, 'race'));
    await chown(join(home, 'race'), UID, UID);
    await symlink('../victim', join(home, 'race-swap'));
    const victimBefore = await tree(victim);
    const swapper = startSwapper(join(home, 'race'), join(home, 'race-swap'), 20);
    let copied = 0;
    let refused = 0;
    const deadline = Date.now() + 8000;
    for (let i = 0; i < 400 && Date.now() < deadline; i++) {
      try {
        await fs.copyIn(template, await fs.locate(`race/site${i}`));
        copied++;
      } catch (error) {
        assert.ok(error instanceof HomeFsError, `a refusal is a HomeFsError, not ${String(error)}`);
        refused++;
      }
    }
    const swaps = await swapper.stop();
    assert.ok(swaps > 0, 'the swapper ran');
    assert.ok(refused > 0, `the race was met (${copied} copied, ${refused} refused, ${swaps} swaps)`);
    assert.deepEqual(await tree(victim), victimBefore, 'nothing was made in the other home');
    assert.deepEqual((await readdir(root)).sort(), ['alice', 'template', 'victim'], 'nor next to the homes');
    const real = (await lstat(join(home, 'race'))).isDirectory() ? join(home, 'race') : join(home, 'race-swap');
    const sites = await readdir(real);
    assert.equal(sites.length, copied, 'every successful copy is in the home, under its own name');
    for (const site of sites) assert.equal((await stat(join(real, site, 'flask_app.py'))).uid, UID);
    assert.deepEqual(sites.filter((name) => name.startsWith('.')), [], 'no staging folder is left');
  } finally {
    await cleanup();
  }
});

test('lstatNoFollow and hostPath: in-home links are resolved first, and a folder on the way that is a symlink is never passed', async () => {
  const { home, victim, fs, cleanup } = await copySetup();
  try {
    assert.equal((await lstatNoFollow(join(home, 'mysite', 'flask_app.py')))?.isFile(), true);
    assert.equal((await lstatNoFollow(join(home, 'site-link')))?.isSymbolicLink(), true, 'a final symlink is itself');
    assert.equal(await lstatNoFollow(join(home, 'site-link', 'flask_app.py')), null, 'a symlinked folder is not passed');
    assert.equal(await lstatNoFollow(join(home, 'victim-link', 'mysite', 'private.py')), null);
    assert.equal((await lstatNoFollow(join(victim, 'mysite', 'private.py')))?.isFile(), true, 'control: the path is real');
    assert.equal(await fs.hostPath('site-link/flask_app.py'), join(fs.realHome, 'mysite', 'flask_app.py'));
    assert.equal((await lstatNoFollow(await fs.hostPath('site-link/flask_app.py')))?.isFile(), true);
    await rejectsWith(fs.hostPath('victim-link/mysite'), 'outside');
  } finally {
    await cleanup();
  }
});
