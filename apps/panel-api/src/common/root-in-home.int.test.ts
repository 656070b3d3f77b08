import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { chown, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { wsgiFileName, webappLogFileName } from '@panel/contracts';
import { nodeHeartbeatKey } from '@panel/jobs';
import { ensureAccountWebDirs } from '@panel/home-fs';
import { REDIS } from '@panel/nest';
import type Redis from 'ioredis';
import { fakeActiveNode, startTestApi, TestClient, type ApiResponse } from '../testing/test-api';
import { startSwapper } from '@panel/home-fs/testing';

/** Text that only the victim's tree, or the host's, holds: none of it may reach the attacker. */
const SECRETS = ['victimpkg', '6.6.6', 'VICTIM-', 'victimrev1', 'hostrev1', 'HOST-SECRET', 'hostpkg', '7.7.7', 'root:x:0:'];

interface Home {
  username: string;
  uid: number;
  home: string;
  www: string;
  log: string;
  domain: string;
}

/** Everything under some folders, by lstat (never following a link), with file hashes: equal means untouched. */
async function snapshot(...roots: string[]): Promise<string[]> {
  const found: string[] = [];
  const visit = async (path: string): Promise<void> => {
    const stats = await lstat(path);
    let detail = '';
    if (stats.isFile()) detail = createHash('sha256').update(await readFile(path)).digest('hex');
    else if (stats.isSymbolicLink()) detail = `-> ${await readlink(path)}`;
    found.push(`${path} ${stats.mode.toString(8)} ${stats.uid} ${detail}`);
    if (stats.isDirectory()) for (const name of (await readdir(path)).sort()) await visit(join(path, name));
  };
  for (const root of roots) await visit(root);
  return found;
}


describe("root reading and writing in an account's tree never follows the account's symlinks", () => {
  let app: INestApplication;
  let url: string;
  let config: PanelConfig;
  let attacker: TestClient;
  let a: Home;
  let v: Home;
  let hostDir: string;
  let protectedBefore: string[];
  let etcPasswd: string;
  const calls: { what: string; res: ApiResponse }[] = [];

  /** A request whose answer is recorded: every one is checked for a 5xx and for the victim's or host's text. */
  const call = async (what: string, method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    const res = await attacker.request(method, path, body);
    calls.push({ what, res });
    assert.ok(res.status < 500, `${what}: ${method} ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${what}: ${method} ${path} leaked "${secret}": ${text.slice(0, 500)}`);
    return res;
  };

  /** Replaces a path in the attacker's tree by a symlink (or removes it), as the account can at any time. */
  const plant = async (path: string, target: string | null) => {
    await rm(path, { recursive: true, force: true });
    if (target !== null) await symlink(target, path);
  };

  const mkdirOwned = async (path: string, owner: Home) => {
    await mkdir(path, { recursive: true });
    await chown(path, owner.uid, owner.uid);
  };

  const account = async (client: TestClient): Promise<Home> => {
    const session = await client.signup();
    const { username, uid } = session.account;
    const dirs = await ensureAccountWebDirs(config, username, uid);
    return { username, uid, home: join(config.homesDir, username), www: dirs.www, log: dirs.log, domain: `${username}.${config.appsDomain}` };
  };

  before(async () => {
    ({ app, url, config } = await startTestApi());
    attacker = new TestClient(url);
    a = await account(attacker);
    v = await account(new TestClient(url));

    // The victim's own tree: an environment, a web app's code with migrations, credentials, a WSGI file and a log.
    const venv = join(v.home, '.virtualenvs', 'victimenv');
    await mkdir(join(venv, 'lib', 'python3.11', 'site-packages', 'victimpkg-6.6.6.dist-info'), { recursive: true });
    await writeFile(join(venv, 'pyvenv.cfg'), 'home = /usr/bin\nversion = 3.11.2\n');
    await writeFile(join(venv, 'lib', 'python3.11', 'site-packages', 'victimpkg-6.6.6.dist-info', 'METADATA'), 'Name: victimpkg\nVersion: 6.6.6\n');
    await mkdir(join(v.home, 'mysite', 'migrations', 'versions'), { recursive: true });
    await writeFile(join(v.home, 'mysite', 'flask_app.py'), '# VICTIM-CODE\n');
    await writeFile(join(v.home, 'mysite', 'migrations', 'env.py'), '# VICTIM-ENV\n');
    await writeFile(join(v.home, 'mysite', 'migrations', 'versions', '0001_victim.py'), '"""VICTIM-MIGRATION\n"""\nrevision = \'victimrev1\'\ndown_revision = None\n');
    await writeFile(join(v.home, '.my.cnf'), '[client]\npassword=VICTIM-PASSWORD\n', { mode: 0o600 });
    await writeFile(join(v.www, wsgiFileName(v.domain)), '# VICTIM-WSGI\n');
    await writeFile(join(v.log, webappLogFileName(v.domain, 'error')), 'VICTIM-LOG\n');
    for (const dir of ['.virtualenvs', 'mysite']) await chown(join(v.home, dir), v.uid, v.uid);

    // The host's: a root-only folder standing in for /etc wherever the platform could write or delete.
    hostDir = await mkdtemp(join(tmpdir(), 'root-in-home-host-'));
    await mkdir(join(hostDir, 'hostenv', 'lib', 'python3.11', 'site-packages', 'hostpkg-7.7.7.dist-info'), { recursive: true });
    await writeFile(join(hostDir, 'hostenv', 'pyvenv.cfg'), 'version = 3.11.7\n');
    await writeFile(join(hostDir, 'hostenv', 'lib', 'python3.11', 'site-packages', 'hostpkg-7.7.7.dist-info', 'METADATA'), 'Name: hostpkg\nVersion: 7.7.7\n');
    await mkdir(join(hostDir, 'migrations', 'versions'), { recursive: true });
    await writeFile(join(hostDir, 'migrations', 'env.py'), '# HOST-SECRET\n');
    await writeFile(join(hostDir, 'migrations', 'versions', '0001_host.py'), "revision = 'hostrev1'\ndown_revision = None\n");
    await writeFile(join(hostDir, 'secret.txt'), 'HOST-SECRET\n');

    protectedBefore = await snapshot(v.home, v.www, v.log, hostDir);
    etcPasswd = await readFile('/etc/passwd', 'utf8');

    // A node that looks online, so web apps can be created (their jobs are never run here).
    await fakeActiveNode(app, config, 'root-in-home');

    const token = await attacker.post('/api/account/tokens', { name: 'files api' });
    assert.equal(token.status, 201, JSON.stringify(token.body));
    attacker.token = token.body.token;

    await mkdirOwned(join(a.home, 'mysite'), a);
    const created = await attacker.post('/api/webapps', { pythonVersion: '3.11', sourceDirectory: 'mysite' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });

  after(async () => {
    await app?.get<string, Redis>(REDIS).del(nodeHeartbeatKey(config.nodeId));
    await app?.close();
    if (hostDir) await rm(hostDir, { recursive: true, force: true });
  });

  test('environments: a ~/.virtualenvs symlink to another home, to a host folder or to /etc lists, shows, freezes and deletes nothing of it', async () => {
    const workon = join(a.home, '.virtualenvs');
    for (const target of [join(v.home, '.virtualenvs'), `../${v.username}/.virtualenvs`, hostDir, '/etc']) {
      await plant(workon, target);
      const list = await call(`~/.virtualenvs -> ${target}`, 'GET', '/api/environments');
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.map((e: { name: string }) => e.name), [], `nothing is listed through ~/.virtualenvs -> ${target}`);
      for (const name of ['victimenv', 'hostenv', 'ssh']) {
        assert.equal((await call(`detail through ${target}`, 'GET', `/api/environments/${name}`)).status, 404);
        assert.equal((await call(`freeze through ${target}`, 'GET', `/api/environments/${name}/freeze`)).status, 404);
        assert.equal((await call(`install through ${target}`, 'POST', `/api/environments/${name}/packages`, { packages: ['flask'] })).status, 404);
        if (target !== '/etc') assert.equal((await call(`delete through ${target}`, 'DELETE', `/api/environments/${name}`)).status, 404);
      }
    }

    // A real ~/.virtualenvs whose environments are symlinks, or whose lib folder is.
    await plant(workon, null);
    await mkdirOwned(join(workon, 'mine'), a);
    await writeFile(join(workon, 'mine', 'pyvenv.cfg'), 'version = 3.11.2\n');
    await symlink(join(v.home, '.virtualenvs', 'victimenv', 'lib'), join(workon, 'mine', 'lib'));
    await symlink(join(v.home, '.virtualenvs', 'victimenv'), join(workon, 'stolen'));
    await symlink(join(hostDir, 'hostenv'), join(workon, 'hoststolen'));
    const list = await call('environments that are symlinks', 'GET', '/api/environments');
    assert.deepEqual(list.body.map((e: { name: string }) => e.name), ['mine'], 'an environment that is a symlink is skipped');
    // Listings read no site-packages at all (sizes are the worker's stored measurements, which do not follow links
    // either: no-follow-folders.test.ts); freeze reads them and must not follow the link.
    assert.equal(list.body[0].packageCount, null, 'a listing measures nothing');
    assert.equal((await call('freeze with lib -> the victim', 'GET', '/api/environments/mine/freeze')).body.text, '');
    for (const name of ['stolen', 'hoststolen']) {
      assert.equal((await call('freeze a symlinked environment', 'GET', `/api/environments/${name}/freeze`)).status, 404);
      assert.equal((await call('delete a symlinked environment', 'DELETE', `/api/environments/${name}`)).status, 404);
    }
    const fromLink = await call('requirements file through a symlink', 'POST', '/api/environments', { name: 'req', pythonVersion: '3.11', requirementsPath: 'mysite/../.virtualenvs/stolen/pyvenv.cfg' });
    assert.ok(fromLink.status >= 400, JSON.stringify(fromLink.body));
    await plant(workon, null);
  });

  test("migrations: a migrations folder, a versions folder or a revision file that links to another home or the host shows none of their revisions", async () => {
    const status = () => call('migrations status', 'GET', `/api/webapps/${a.domain}/migrations`);
    const site = join(a.home, 'mysite');
    const migrations = join(site, 'migrations');
    for (const target of [`../../${v.username}/mysite/migrations`, join(v.home, 'mysite', 'migrations'), `/home/${v.username}/mysite/migrations`, join(hostDir, 'migrations'), '/etc']) {
      await plant(migrations, target);
      const res = await status();
      assert.ok(res.status === 200 || res.status === 400, JSON.stringify(res.body));
      if (res.status === 200) assert.deepEqual(res.body.revisions, [], `mysite/migrations -> ${target}`);
    }
    await plant(migrations, null);
    await mkdirOwned(migrations, a);
    await writeFile(join(migrations, 'env.py'), '# mine\n');
    await symlink(join(v.home, 'mysite', 'migrations', 'versions'), join(migrations, 'versions'));
    assert.deepEqual((await status()).body.revisions, [], 'versions -> the victim reads nothing');
    await plant(join(migrations, 'versions'), null);
    await mkdirOwned(join(migrations, 'versions'), a);
    await symlink(join(v.home, 'mysite', 'migrations', 'versions', '0001_victim.py'), join(migrations, 'versions', '0001_victim.py'));
    await symlink(join(hostDir, 'migrations', 'versions', '0001_host.py'), join(migrations, 'versions', '0001_host.py'));
    await writeFile(join(migrations, 'versions', '0002_mine.py'), "revision = 'minerev2'\ndown_revision = None\n");
    const mine = await status();
    assert.equal(mine.body.configured, true);
    assert.deepEqual(mine.body.revisions.map((r: { revision: string }) => r.revision), ['minerev2'], 'only the regular revision file is read');

    // The source folder itself a link elsewhere.
    await rm(site, { recursive: true, force: true });
    for (const target of [`../${v.username}/mysite`, join(v.home, 'mysite'), hostDir, '/etc']) {
      await plant(site, target);
      const res = await status();
      assert.ok(res.status === 200 || res.status === 400, JSON.stringify(res.body));
      if (res.status === 200) assert.deepEqual(res.body.revisions, []);
    }
    await plant(site, null);
    await mkdirOwned(site, a);
  });

  test('WSGI file and logs: a symlink, a folder or a pipe in their place is read as empty and written never, with a 4xx', async () => {
    const wsgi = join(a.www, wsgiFileName(a.domain));
    for (const target of [join(v.www, wsgiFileName(v.domain)), join(hostDir, 'secret.txt'), '/etc/passwd']) {
      await plant(wsgi, target);
      const read = await call(`WSGI file -> ${target}`, 'GET', `/api/webapps/${a.domain}/wsgi`);
      assert.equal(read.status, 200);
      assert.equal(read.body.content, '');
      if (target !== '/etc/passwd') {
        const save = await call(`save WSGI file -> ${target}`, 'PUT', `/api/webapps/${a.domain}/wsgi`, { content: '# PWNED\n' });
        assert.ok(save.status >= 400 && save.status < 500, `saving through a symlink is a 4xx, not ${save.status}`);
        assert.match(save.body.message, /symbolic link/);
      }
    }
    await plant(wsgi, null);
    await mkdir(wsgi);
    assert.ok((await call('save a WSGI file that is a folder', 'PUT', `/api/webapps/${a.domain}/wsgi`, { content: '# x\n' })).status >= 400);
    await plant(wsgi, null);
    assert.equal((await call('save the WSGI file again', 'PUT', `/api/webapps/${a.domain}/wsgi`, { content: '# mine\n' })).status, 200);

    for (const kind of ['access', 'error', 'server'] as const) {
      const log = join(a.log, webappLogFileName(a.domain, kind));
      for (const target of [join(v.log, webappLogFileName(v.domain, 'error')), '/etc/passwd']) {
        await plant(log, target);
        const res = await call(`${kind} log -> ${target}`, 'GET', `/api/webapps/${a.domain}/logs/${kind}`);
        assert.equal(res.status, 200);
      }
      await plant(log, null);
    }
  });

  test('web app from a template: a source folder, or a folder above it, that links outside is a 4xx that makes nothing anywhere', async () => {
    const create = (what: string, sourceDirectory: string) =>
      call(what, 'POST', '/api/webapps', { domain: `t${randomBytes(4).toString('hex')}.example.org`, template: 'flask', pythonVersion: '3.11', sourceDirectory });
    for (const [name, target] of [
      ['newsite', `../${v.username}/newsite`],
      ['newsite', join(v.home, 'newsite')],
      ['newsite', join(hostDir, 'newsite')],
      ['parent', `../${v.username}`],
      ['parent', hostDir],
    ]) {
      await plant(join(a.home, name), target);
      const res = await create(`${name} -> ${target}`, name === 'parent' ? 'parent/site' : name);
      assert.ok(res.status >= 400 && res.status < 500, `${name} -> ${target}: ${res.status}`);
      await plant(join(a.home, name), null);
    }

    // The WSGI file of the new app's domain is already a symlink: refused before the template is copied.
    const domain = `w${randomBytes(4).toString('hex')}.example.org`;
    await symlink(join(v.www, wsgiFileName(v.domain)), join(a.www, wsgiFileName(domain)));
    const res = await call('WSGI file of a new app is a symlink', 'POST', '/api/webapps', { domain, template: 'flask', pythonVersion: '3.11', sourceDirectory: 'wsgisite' });
    assert.ok(res.status >= 400 && res.status < 500, `${res.status}`);
    await assert.rejects(lstat(join(a.home, 'wsgisite')), { code: 'ENOENT' }, 'nothing was copied');
    assert.equal((await call('the app was not made', 'GET', `/api/webapps/${domain}`)).status, 404);
    await rm(join(a.www, wsgiFileName(domain)));
  });

  test('web app from a template while a parent folder is swapped for a symlink to another home: each request succeeds in the home or is a 4xx, never writing elsewhere', async (t) => {
    const race = join(a.home, 'race');
    await mkdirOwned(race, a);
    await symlink(`../${v.username}`, join(a.home, 'race-swap'));
    const swapper = startSwapper(race, join(a.home, 'race-swap'), 60);
    const statuses: number[] = [];
    try {
      const deadline = Date.now() + 20_000;
      for (let i = 0; i < 40 && Date.now() < deadline; i++) {
        const res = await call(`template copy during the race, try ${i}`, 'POST', '/api/webapps', {
          domain: `race${i}-${randomBytes(3).toString('hex')}.example.org`,
          template: 'flask',
          pythonVersion: '3.11',
          sourceDirectory: `race/site${i}`,
        });
        statuses.push(res.status);
      }
    } finally {
      assert.ok((await swapper.stop()) > 0, 'the swapper ran');
    }
    t.diagnostic(`statuses during the race: ${statuses.join(' ')}`);
    assert.ok(statuses.some((s) => s >= 400), `the race was met: ${statuses.join(' ')}`);
    assert.ok(statuses.every((s) => s === 201 || (s >= 400 && s < 500)), statuses.join(' '));
    const real = (await lstat(race)).isDirectory() ? race : join(a.home, 'race-swap');
    assert.equal((await readdir(real)).length, statuses.filter((s) => s === 201).length, 'every created app has its code in the home');
    await rm(join(a.home, 'race-swap'), { recursive: true, force: true });
    await rm(race, { recursive: true, force: true });
  });

  test('Files tab and files API: paths through links to another home or the host are refused, and archives do not follow them', async () => {
    await plant(join(a.home, '.virtualenvs'), join(v.home, '.virtualenvs'));
    await plant(join(a.home, 'mysite', 'migrations'), join(v.home, 'mysite', 'migrations'));
    await plant(join(a.home, 'hostlink'), hostDir);
    const q = encodeURIComponent;
    for (const path of ['.virtualenvs', '.virtualenvs/victimenv/pyvenv.cfg', 'mysite/migrations/versions', 'mysite/migrations/versions/0001_victim.py', 'hostlink', 'hostlink/secret.txt']) {
      assert.ok((await call(`list ${path}`, 'GET', `/api/files?path=${q(path)}`)).status >= 400);
      assert.ok((await call(`read ${path}`, 'GET', `/api/files/content?path=${q(path)}`)).status >= 400);
      // Deleting a link itself is the account's right; deleting through one is refused.
      if (path.includes('/')) assert.ok((await call(`delete ${path}`, 'DELETE', `/api/files?path=${q(path)}`)).status >= 400);
      assert.ok((await call(`create in ${path}`, 'POST', '/api/files/entries', { directory: path, name: 'planted', type: 'file' })).status >= 400);
      assert.ok((await call(`API tree ${path}`, 'GET', `/api/v0/user/${a.username}/files/tree?path=${q(`/home/${a.username}/${path}`)}`)).status >= 400);
      assert.ok((await call(`API read ${path}`, 'GET', `/api/v0/user/${a.username}/files/path/home/${a.username}/${path}`)).status >= 400);
    }
    const archive = await fetch(`${url}/api/files/download?path=${q(`/home/${a.username}`)}`, { headers: { cookie: attacker.cookie } });
    assert.equal(archive.status, 200);
    const tar = gunzipSync(Buffer.from(await archive.arrayBuffer())).toString('latin1');
    for (const secret of SECRETS) assert.ok(!tar.includes(secret), `the home's archive holds "${secret}"`);
    for (const path of ['.virtualenvs', 'mysite/migrations', 'hostlink']) await plant(join(a.home, path), null);
  });

  test('database credentials: a ~/.my.cnf that links to another home is a 409 and the other file stays as it was', async () => {
    await plant(join(a.home, '.my.cnf'), join(v.home, '.my.cnf'));
    const res = await call('~/.my.cnf -> the victim', 'POST', '/api/databases/mysql/initialize', { password: 'A-long-password-1', confirmPassword: 'A-long-password-1' });
    assert.equal(res.status, 409, JSON.stringify(res.body));
    await plant(join(a.home, '.my.cnf'), null);
  });

  test("after all of it the other account's tree, the host folder and /etc/passwd are exactly as they were, and no request was a 5xx", async () => {
    assert.ok(calls.length > 100, `${calls.length} requests were made`);
    assert.deepEqual(calls.filter((c) => c.res.status >= 500).map((c) => c.what), []);
    assert.deepEqual(await snapshot(v.home, v.www, v.log, hostDir), protectedBefore);
    assert.equal(await readFile('/etc/passwd', 'utf8'), etcPasswd);
  });
});
