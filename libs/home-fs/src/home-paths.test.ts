import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HomePathError, resolveHomePath } from './home-paths';

test('paths inside the home resolve; paths outside are refused', async () => {
  const root = await mkdtemp(join(tmpdir(), 'homes-'));
  const home = join(root, 'alice');
  await mkdir(join(home, 'mysite'), { recursive: true });
  await mkdir(join(root, 'bob'));
  await symlink('/etc', join(home, 'etc-link'));
  await symlink(join(root, 'bob'), join(home, 'bob-link'));
  await symlink(join(home, 'mysite'), join(home, 'site-link'));
  try {
    assert.equal(await resolveHomePath(home, 'alice', 'mysite/requirements.txt'), join(home, 'mysite/requirements.txt'));
    assert.equal(await resolveHomePath(home, 'alice', '/home/alice/mysite/r.txt'), join(home, 'mysite/r.txt'));
    assert.equal(await resolveHomePath(home, 'alice', 'site-link/x'), join(home, 'site-link/x'));
    for (const bad of ['../bob/x', '/etc/passwd', '/home/bob/x', '/home/alice/../bob/x', 'mysite/../../bob', 'etc-link/passwd', 'bob-link/x', 'a\0b', '/home/alicex/y']) {
      await assert.rejects(resolveHomePath(home, 'alice', bad), HomePathError, bad);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
