import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFolderNoFollow, withFolderNoFollow } from './home-fs';
import { readAccountFile, writeOwnedFile } from './owned-files';
import { installedDistributions, listVirtualenvs, measureVirtualenv, virtualenvStamp } from './virtualenvs';

const UID = 12345;

/** Two homes owned by an account uid (as on the platform), under a root-owned folder. */
async function homes() {
  const root = await mkdtemp(join(tmpdir(), 'no-follow-'));
  const attacker = join(root, 'attacker');
  const victim = join(root, 'victim');
  for (const home of [attacker, victim]) {
    await mkdir(home);
    await chown(home, UID, UID);
  }
  const venv = join(victim, '.virtualenvs', 'secretenv');
  await mkdir(join(venv, 'lib', 'python3.11', 'site-packages', 'secretpkg-1.0.dist-info'), { recursive: true });
  await writeFile(join(venv, 'pyvenv.cfg'), 'version = 3.11.2\n');
  await writeFile(join(venv, 'lib', 'python3.11', 'site-packages', 'secretpkg-1.0.dist-info', 'METADATA'), 'Name: secretpkg\nVersion: 1.0\n');
  await chown(join(victim, '.virtualenvs'), UID, UID);
  return { root, attacker, victim, cleanup: () => rm(root, { recursive: true, force: true }) };
}

test("a ~/.virtualenvs symlink to another home lists none of its environments, and freeze reads none of its packages", async () => {
  const { attacker, victim, cleanup } = await homes();
  try {
    assert.deepEqual((await listVirtualenvs(victim)).map((e) => e.name), ['secretenv'], 'control: the victim sees its own');
    await symlink(join(victim, '.virtualenvs'), join(attacker, '.virtualenvs'));
    assert.deepEqual(await listVirtualenvs(attacker), []);
    assert.deepEqual(await installedDistributions(join(attacker, '.virtualenvs', 'secretenv')), []);
    await rm(join(attacker, '.virtualenvs'));
    await mkdir(join(attacker, '.virtualenvs'));
    await chown(join(attacker, '.virtualenvs'), UID, UID);
    await symlink(join(victim, '.virtualenvs', 'secretenv'), join(attacker, '.virtualenvs', 'stolen'));
    assert.deepEqual(await listVirtualenvs(attacker), [], 'an environment that is a symlink is skipped');
  } finally {
    await cleanup();
  }
});

test('reads and writes never pass a folder the account swapped for a symlink; root-made symlinks above still work', async () => {
  const { root, attacker, victim, cleanup } = await homes();
  try {
    await writeFile(join(victim, 'secret.txt'), 'victim only\n');
    await symlink(victim, join(attacker, 'mysite'));
    assert.equal(await readAccountFile(join(attacker, 'mysite', 'secret.txt')), null);
    await assert.rejects(writeOwnedFile(join(attacker, 'mysite', 'planted.txt'), 'x', UID));
    await assert.rejects(readFile(join(victim, 'planted.txt')), { code: 'ENOENT' });
    // A symlink made by root in a root-owned folder (an operator's PANEL_DATA_DIR link) is followed.
    await symlink(root, join(root, '..', `${root.split('/').pop()}-link`)).catch(() => undefined);
    const viaRoot = join(tmpdir(), `${root.split('/').pop()}-link`);
    // tmpdir() is world-writable, so even root's link there is not trusted: the folder must be reached for real.
    assert.equal(await openFolderNoFollow(join(viaRoot, 'victim')), null);
    await rm(viaRoot, { force: true });
    assert.equal(await withFolderNoFollow(join(victim, '.virtualenvs'), async (dir) => (await dir.names()).join()), 'secretenv');
  } finally {
    await cleanup();
  }
});

test('a parent swapped for a symlink in a loop never makes a write land in another home', async () => {
  const { attacker, victim, cleanup } = await homes();
  try {
    const site = join(attacker, 'site');
    const real = join(attacker, 'site-real');
    const link = join(attacker, 'site-link');
    await mkdir(real);
    await symlink(victim, link);
    let swapping = true;
    const swapper = (async () => {
      for (let i = 0; swapping && i < 20_000; i++) {
        await rename(i % 2 ? real : link, site).catch(() => undefined);
        await rename(site, i % 2 ? real : link).catch(() => undefined);
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 300; i++) await writeOwnedFile(join(site, `f${i}.txt`), 'x', UID).catch(() => undefined);
    swapping = false;
    await swapper;
    const { readdir } = await import('node:fs/promises');
    assert.deepEqual((await readdir(victim)).filter((n) => n.startsWith('f')), [], 'nothing was written into the other home');
  } finally {
    await cleanup();
  }
});

test("measuring a virtualenv whose lib folder or site-packages is a symlink to another home counts none of that home's packages or bytes", async () => {
  const { attacker, victim, cleanup } = await homes();
  try {
    const victimVenv = join(victim, '.virtualenvs', 'secretenv');
    assert.equal((await measureVirtualenv(victimVenv)).packageCount, 1, 'control: the victim measures its own');
    const mine = join(attacker, '.virtualenvs', 'mine');
    await mkdir(join(mine, 'lib', 'python3.11'), { recursive: true });
    await writeFile(join(mine, 'pyvenv.cfg'), 'version = 3.11.2\n');
    // The account's folders are its own (a symlink in a folder only root may write would be root's, and followed).
    for (const dir of ['.virtualenvs', '.virtualenvs/mine', '.virtualenvs/mine/lib', '.virtualenvs/mine/lib/python3.11']) await chown(join(attacker, dir), UID, UID);
    await symlink(join(victimVenv, 'lib', 'python3.11', 'site-packages'), join(mine, 'lib', 'python3.11', 'site-packages'));
    const throughSite = await measureVirtualenv(mine);
    assert.equal(throughSite.packageCount, 0);
    assert.ok(throughSite.sizeBytes < 64 * 1024, `only the link itself is counted: ${throughSite.sizeBytes}`);
    const stampBefore = await virtualenvStamp(mine);
    await rm(join(mine, 'lib'), { recursive: true });
    await symlink(join(victimVenv, 'lib'), join(mine, 'lib'));
    assert.equal((await measureVirtualenv(mine)).packageCount, 0);
    assert.notEqual(await virtualenvStamp(mine), stampBefore, 'a changed lib folder changes the stamp');
    await symlink(victimVenv, join(attacker, '.virtualenvs', 'stolen'));
    assert.equal(await virtualenvStamp(join(attacker, '.virtualenvs', 'stolen')), null, 'a symlinked environment has no stamp');
  } finally {
    await cleanup();
  }
});
