import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { wsgiFileName } from '@panel/contracts';
import { ensureAccountWebDirs } from '@panel/home-fs';
import { multipart, rawRequest } from '../files/test-helpers';
import { startTestApi, TestClient } from '../testing/test-api';

/**
 * The PythonAnywhere files API in /var/www and /var/log, with exactly the requests pythonanywhere-core makes:
 * Webapp.get_log_info() (GET files/tree/?path=/var/log/), Webapp.delete_log() (DELETE files/path/var/log/<log>/,
 * with the trailing slash), Files.path_get/path_post (multipart field "content")/path_delete.
 */
describe('PythonAnywhere files API in /var/www and /var/log', () => {
  let app: INestApplication;
  let url: string;
  let config: PanelConfig;
  let username: string;
  let uid: number;
  let token: string;
  let domain: string;
  let www: string;
  let log: string;
  let bob: string;
  let bobDomain: string;
  let bobWww: string;
  let bobLog: string;

  before(async () => {
    ({ app, url, config } = await startTestApi());
    const client = new TestClient(url);
    const session = await client.signup();
    username = session.account.username;
    uid = session.account.uid;
    domain = `${username}.${config.appsDomain}`;
    token = (await client.post('/api/account/tokens', { name: 'pa var files' })).body.token;
    ({ www, log } = await ensureAccountWebDirs(config, username, uid));
    const other = new TestClient(url);
    const otherSession = await other.signup();
    bob = otherSession.account.username;
    bobDomain = `${bob}.${config.appsDomain}`;
    ({ www: bobWww, log: bobLog } = await ensureAccountWebDirs(config, bob, otherSession.account.uid));
    await writeFile(join(bobLog, `${bobDomain}.error.log`), 'bob secret log\n');
    await writeFile(join(bobWww, wsgiFileName(bobDomain)), 'bob secret wsgi\n');

    const own = async (path: string, content: string) => {
      await writeFile(path, content);
      await chown(path, uid, uid);
    };
    await own(join(www, wsgiFileName(domain)), 'from mysite.flask_app import app as application\n');
    await own(join(log, `${domain}.access.log`), 'GET / 200\n');
    await own(join(log, `${domain}.error.log`), 'Traceback (most recent call last):\nValueError: boom\n');
    await own(join(log, `${domain}.error.log.1`), 'older\n');
    await own(join(log, `${domain}.error.log.2.gz`), 'oldest\n');
    await own(join(log, `${domain}.server.log`), 'served\n');
  });
  after(async () => {
    await app?.close();
    for (const dir of [www, log, bobWww, bobLog]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  const auth = (extra: Record<string, string> = {}) => ({ authorization: `Token ${token}`, ...extra });
  const base = () => `/api/v0/user/${username}/files`;
  const get = (rawPath: string) => rawRequest(url, 'GET', rawPath, auth());
  const del = (rawPath: string) => rawRequest(url, 'DELETE', rawPath, auth());
  const post = (rawPath: string, content: string) => {
    const { body, contentType } = multipart([{ field: 'content', name: 'content', content }]);
    return rawRequest(url, 'POST', rawPath, auth({ 'content-type': contentType }), body);
  };

  /** What Webapp.get_log_info() makes of files/tree/?path=/var/log/, as pythonanywhere-core parses it. */
  function logInfo(paths: unknown[]): Record<string, number[]> {
    const logs: Record<string, number[]> = { access: [], error: [], server: [] };
    const prefix = `/var/log/${domain}.`;
    for (const name of paths) {
      if (typeof name !== 'string' || !name.startsWith(prefix)) continue;
      const parts = name.slice(prefix.length).split('.');
      if (!(parts[0] in logs)) continue;
      const last = parts[parts.length - 1];
      const index = last === 'log' ? 0 : last === '1' ? 1 : last === 'gz' ? Number(parts[parts.length - 2]) : null;
      if (index !== null) logs[parts[0]].push(index);
    }
    return logs;
  }

  test('the WSGI file in /var/www is read, written (200 replaced, 201 new, owned by the account) and listed', async () => {
    const wsgi = `/var/www/${wsgiFileName(domain)}`;
    const read = await get(`${base()}/path${wsgi}`);
    assert.equal(read.status, 200, read.body);
    assert.equal(read.body, 'from mysite.flask_app import app as application\n');
    const replaced = await post(`${base()}/path${wsgi}`, 'import sys\nfrom mysite.flask_app import app as application\n');
    assert.equal(replaced.status, 200, replaced.body);
    assert.equal(await readFile(join(www, wsgiFileName(domain)), 'utf8'), 'import sys\nfrom mysite.flask_app import app as application\n');
    assert.equal((await stat(join(www, wsgiFileName(domain)))).uid, uid);
    const created = await post(`${base()}/path/var/www/extra_wsgi.py`, 'x = 1\n');
    assert.equal(created.status, 201, created.body);
    assert.equal((await stat(join(www, 'extra_wsgi.py'))).uid, uid);
    const listing = await get(`${base()}/path/var/www/`);
    assert.equal(listing.status, 200, listing.body);
    assert.deepEqual(Object.keys(JSON.parse(listing.body)).sort(), ['extra_wsgi.py', wsgiFileName(domain)].sort());
    assert.equal(JSON.parse(listing.body)['extra_wsgi.py'].url, `${config.api.publicUrl}${base()}/path/var/www/extra_wsgi.py`);
    const tree = await get(`${base()}/tree/?path=/var/www/`);
    assert.deepEqual(JSON.parse(tree.body), ['/var/www/extra_wsgi.py', `/var/www/${wsgiFileName(domain)}`].sort());
    assert.equal((await del(`${base()}/path/var/www/extra_wsgi.py`)).status, 204);
    await assert.rejects(stat(join(www, 'extra_wsgi.py')));
  });

  test('/var/log: get_log_info sees every log and rotation, a log reads, writing is refused, delete_log empties the live log and removes rotated ones', async () => {
    const tree = await get(`${base()}/tree/?path=/var/log/`);
    assert.equal(tree.status, 200, tree.body);
    assert.deepEqual(logInfo(JSON.parse(tree.body)), { access: [0], error: [0, 1, 2], server: [0] });
    assert.ok((JSON.parse(tree.body) as string[]).every((p) => p.startsWith('/var/log/')));
    const listing = JSON.parse((await get(`${base()}/path/var/log/`)).body);
    assert.equal(listing[`${domain}.error.log`].type, 'file');

    const read = await get(`${base()}/path/var/log/${domain}.error.log`);
    assert.equal(read.status, 200);
    assert.match(read.body, /ValueError: boom/);

    const written = await post(`${base()}/path/var/log/${domain}.error.log`, 'forged');
    assert.equal(written.status, 403, written.body);
    assert.equal(JSON.parse(written.body).code, 'FILES_LOG_READ_ONLY');
    assert.equal((await post(`${base()}/path/var/log/new.log`, 'forged')).status, 403);
    await assert.rejects(stat(join(log, 'new.log')));
    assert.match(await readFile(join(log, `${domain}.error.log`), 'utf8'), /boom/);

    // delete_log(log_type="error", index=0|1|2): DELETE files/path/var/log/<domain>.error.log{,.1,.2.gz}/
    assert.equal((await del(`${base()}/path/var/log/${domain}.error.log/`)).status, 204);
    assert.equal((await stat(join(log, `${domain}.error.log`))).size, 0, 'the live log is emptied in place');
    assert.equal((await stat(join(log, `${domain}.error.log`))).uid, uid);
    assert.equal((await del(`${base()}/path/var/log/${domain}.error.log.1/`)).status, 204);
    assert.equal((await del(`${base()}/path/var/log/${domain}.error.log.2.gz/`)).status, 204);
    await assert.rejects(stat(join(log, `${domain}.error.log.1`)));
    await assert.rejects(stat(join(log, `${domain}.error.log.2.gz`)));
    assert.deepEqual(logInfo(JSON.parse((await get(`${base()}/tree/?path=/var/log/`)).body)), { access: [0], error: [0], server: [0] });
    assert.equal((await del(`${base()}/path/var/log/${domain}.error.log.3.gz/`)).status, 404);
  });

  test("another account's /var/www and /var/log files are 404 with nothing revealed, however they are asked for", async () => {
    await symlink(bobLog, join(log, 'bob'));
    await symlink(join(bobLog, `${bobDomain}.error.log`), join(log, 'bob.error.log'));
    await symlink(`/var/log/../../home/${bob}`, join(log, 'up'));
    await symlink('/etc/passwd', join(www, 'passwd_wsgi.py'));
    await symlink(join(bobWww, wsgiFileName(bobDomain)), join(www, 'bob_wsgi.py'));
    const attacks = [
      `/var/log/${bobDomain}.error.log`,
      `/var/www/${wsgiFileName(bobDomain)}`,
      `/var/log/../../home/${bob}/x`,
      `/var/log/../log/${bobDomain}.error.log`,
      `/var/log/%2e%2e/%2e%2e/etc/passwd`,
      `/var/log/..%2f..%2fetc%2fpasswd`,
      `/var/www/%2E%2E/log/bob/${bobDomain}.error.log`,
      `/var/log/bob/${bobDomain}.error.log`,
      `/var/log/bob`,
      `/var/log/bob.error.log`,
      `/var/log/up`,
      `/var/www/passwd_wsgi.py`,
      `/var/www/bob_wsgi.py`,
    ];
    const links = ['/var/log/bob', '/var/log/bob.error.log', '/var/log/up', '/var/www/passwd_wsgi.py', '/var/www/bob_wsgi.py'];
    const secrets = new RegExp(`bob secret|root:|${config.dataDir}`);
    for (const path of attacks) {
      const read = await get(`${base()}/path${path}`);
      assert.equal(read.status, 404, `GET ${path}: ${read.status} ${read.body}`);
      assert.doesNotMatch(read.body, secrets);
      const tree = await get(`${base()}/tree/?path=${encodeURIComponent(decodeURIComponent(path))}`);
      assert.equal(tree.status, 404, `tree ${path}: ${tree.status} ${tree.body}`);
      assert.doesNotMatch(tree.body, secrets);
      if (links.includes(path)) continue; // deleting the account's own link is allowed (below)
      const removed = await del(`${base()}/path${path}/`);
      assert.equal(removed.status, 404, `DELETE ${path}/: ${removed.status} ${removed.body}`);
      assert.doesNotMatch(removed.body, secrets);
    }
    for (const path of [`/var/www/bob_wsgi.py`, `/var/www/passwd_wsgi.py`, `/var/www/%2e%2e/www/${wsgiFileName(bobDomain)}`, `/var/www/../log/bob/x_wsgi.py`]) {
      const written = await post(`${base()}/path${path}`, 'pwned');
      assert.ok([403, 404].includes(written.status), `POST ${path}: ${written.status} ${written.body}`);
      assert.doesNotMatch(written.body, secrets);
    }
    // The own tree lists the account's links as entries, never what is behind them.
    const ownTree = (await get(`${base()}/tree/?path=/var/log/`)).body;
    assert.doesNotMatch(ownTree, new RegExp(`${bobDomain}|bob secret`));
    // Deleting a link removes the account's link only, never what it points to.
    for (const path of links) assert.equal((await del(`${base()}/path${path}/`)).status, 204, `DELETE ${path}/`);
    assert.deepEqual((await readdir(log)).filter((n) => ['bob', 'bob.error.log', 'up'].includes(n)), []);
    assert.equal(await readFile(join(bobLog, `${bobDomain}.error.log`), 'utf8'), 'bob secret log\n');
    assert.equal(await readFile(join(bobWww, wsgiFileName(bobDomain)), 'utf8'), 'bob secret wsgi\n');
    assert.deepEqual((await readdir(bobLog)).sort(), [`${bobDomain}.error.log`]);
    assert.doesNotMatch(await readFile('/etc/passwd', 'utf8'), /pwned/);
    // Another account's username is a 404 before any path is looked at.
    assert.equal((await get(`/api/v0/user/${bob}/files/path/var/log/${bobDomain}.error.log`)).status, 404);
    assert.equal((await get(`/api/v0/user/${bob}/files/tree/?path=/var/log/`)).status, 404);
    // /var itself and other folders in it stay out of reach, as before.
    assert.equal((await get(`${base()}/path/var/`)).status, 403);
    assert.equal((await get(`${base()}/path/var/lib/panel`)).status, 403);
  });
});
