import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { PENDING_FILE_PREFIX } from '@panel/home-fs';
import { multipart, rawRequest } from '../files/test-helpers';
import { startTestApi, TestClient } from '../testing/test-api';

describe('PythonAnywhere files API (/api/v0/user/{username}/files)', () => {
  let app: INestApplication;
  let url: string;
  let config: PanelConfig;
  let username: string;
  let uid: number;
  let home: string;
  let token: string;
  let outside: string;
  let otherUser: string;

  before(async () => {
    ({ app, url, config } = await startTestApi());
    const client = new TestClient(url);
    const session = await client.signup();
    username = session.account.username;
    uid = session.account.uid;
    home = join(config.homesDir, username);
    const created = await client.post('/api/account/tokens', { name: 'pa files' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    token = created.body.token;
    const other = new TestClient(url);
    otherUser = (await other.signup()).account.username;
    await writeFile(join(config.homesDir, otherUser, 'private.txt'), 'bob only\n');
    outside = await mkdtemp(join(tmpdir(), 'pa-files-outside-'));
    await writeFile(join(outside, 'secret'), 'root only\n');
  });
  after(async () => {
    await app?.close();
    await rm(outside, { recursive: true, force: true });
  });

  const auth = (extra: Record<string, string> = {}) => ({ authorization: `Token ${token}`, ...extra });
  const base = () => `/api/v0/user/${username}/files`;
  const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');
  const get = (rawPath: string) => rawRequest(url, 'GET', rawPath, auth());
  const post = (rawPath: string, content: string | Buffer, field = 'content') => {
    const { body, contentType } = multipart([{ field, name: 'ignored.txt', content }]);
    return rawRequest(url, 'POST', rawPath, auth({ 'content-type': contentType }), body);
  };

  test('POST creates the file and its folders (201), then replaces it (200); GET reads it; DELETE removes it', async () => {
    const path = `/home/${username}/mysite/templates/ïndex page.html`;
    const created = await post(`${base()}/path${encodePath(path)}`, '<h1>{{ title }}</h1>\n');
    assert.equal(created.status, 201, created.body);
    assert.equal(await readFile(join(home, 'mysite', 'templates', 'ïndex page.html'), 'utf8'), '<h1>{{ title }}</h1>\n');
    for (const p of ['mysite', 'mysite/templates', 'mysite/templates/ïndex page.html']) {
      assert.equal((await stat(join(home, p))).uid, uid, `${p} belongs to the account`);
    }
    const replaced = await post(`${base()}/path${encodePath(path)}`, '<h1>v2</h1>\n');
    assert.equal(replaced.status, 200, replaced.body);
    const read = await get(`${base()}/path${encodePath(path)}`);
    assert.equal(read.status, 200);
    assert.equal(read.body, '<h1>v2</h1>\n');

    const folder = await get(`${base()}/path/home/${username}/mysite`);
    assert.equal(folder.status, 200, folder.body);
    assert.deepEqual(JSON.parse(folder.body), {
      templates: { type: 'directory', url: `${config.api.publicUrl}${base()}/path/home/${username}/mysite/templates` },
    });
    const homeListing = JSON.parse((await get(`${base()}/path/home/${username}/`)).body);
    assert.equal(homeListing.mysite.type, 'directory');

    const deleted = await rawRequest(url, 'DELETE', `${base()}/path${encodePath(path)}`, auth());
    assert.equal(deleted.status, 204, deleted.body);
    assert.equal((await get(`${base()}/path${encodePath(path)}`)).status, 404);
    assert.deepEqual((await readdir(join(home, 'mysite', 'templates'))).filter((n) => n.startsWith(PENDING_FILE_PREFIX)), []);
  });

  test('POST without the "content" field is a 400 and writes nothing', async () => {
    const res = await post(`${base()}/path/home/${username}/nothing.txt`, 'x', 'file');
    assert.equal(res.status, 400, res.body);
    assert.match(JSON.parse(res.body).message, /"content"/);
    await assert.rejects(stat(join(home, 'nothing.txt')));
  });

  test('files/tree lists paths depth first, folders ending in "/", at most 1000', async () => {
    await mkdir(join(home, 'many', 'sub'), { recursive: true });
    await writeFile(join(home, 'many', 'sub', 'deep.txt'), 'x');
    for (let i = 0; i < 1200; i++) await writeFile(join(home, 'many', `f${String(i).padStart(4, '0')}.txt`), '');
    const small = await get(`${base()}/tree/?path=${encodeURIComponent(`/home/${username}/many/sub`)}`);
    assert.equal(small.status, 200, small.body);
    assert.deepEqual(JSON.parse(small.body), [`/home/${username}/many/sub/deep.txt`]);
    const big = JSON.parse((await get(`${base()}/tree/?path=${encodeURIComponent(`/home/${username}/many`)}`)).body) as string[];
    assert.equal(big.length, 1000);
    assert.equal(big[0], `/home/${username}/many/f0000.txt`);
    await rm(join(home, 'many'), { recursive: true });
  });

  test("another account's username is a 404; another account's home and the host are refused", async () => {
    assert.equal((await get(`/api/v0/user/${otherUser}/files/path/home/${otherUser}/private.txt`)).status, 404);
    assert.equal((await get(`/api/v0/user/${otherUser}/files/tree/?path=/home/${otherUser}`)).status, 404);
    const post404 = await post(`/api/v0/user/${otherUser}/files/path/home/${otherUser}/x.txt`, 'x');
    assert.equal(post404.status, 404);
    await assert.rejects(stat(join(config.homesDir, otherUser, 'x.txt')));
    assert.equal((await rawRequest(url, 'GET', `${base()}/path/home/${username}/x`, {})).status, 401, 'a token is needed');
  });

  test('traversal (plain, raw "..", percent-encoded, encoded slashes) and symlinks out are refused for GET, POST, DELETE and tree', async () => {
    await symlink('/etc/passwd', join(home, 'passwd'));
    await symlink('/etc', join(home, 'etc'));
    await symlink(outside, join(home, 'out'));
    await symlink(join(config.homesDir, otherUser), join(home, 'bob'));
    const u = username;
    const attacks = [
      '/etc/passwd',
      `/home/${otherUser}/private.txt`,
      `/home/${u}/../../etc/passwd`,
      `/home/${u}/../${otherUser}/private.txt`,
      `/home/${u}/%2e%2e/%2e%2e/etc/passwd`,
      `/home/${u}/%2E%2E/${otherUser}/private.txt`,
      `/home/${u}/..%2f..%2fetc%2fpasswd`,
      `/home/${u}%2f..%2f..%2fetc%2fpasswd`,
      `/home/${u}/mysite/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd`,
      `/home/${u}x/file`,
      `/home/${u}/passwd`,
      `/home/${u}/etc/passwd`,
      `/home/${u}/etc/../etc/passwd`,
      `/home/${u}/out/secret`,
      `/home/${u}/bob/private.txt`,
      `/home/${u}/bob`,
      `/home/${u}/out`,
      '/',
      '/home',
    ];
    for (const path of attacks) {
      const read = await get(`${base()}/path${path}`);
      assert.equal(read.status, 403, `GET ${path}: ${read.status} ${read.body}`);
      assert.doesNotMatch(read.body, /root:|root only|bob only/);
      const written = await post(`${base()}/path${path}/new.txt`, 'pwned');
      assert.equal(written.status, 403, `POST ${path}/new.txt: ${written.status} ${written.body}`);
      const tree = await get(`${base()}/tree/?path=${encodeURIComponent(decodeURIComponent(path))}`);
      assert.equal(tree.status, 403, `tree ${path}: ${tree.status} ${tree.body}`);
    }
    for (const path of ['/etc/passwd', `/home/${u}/../${otherUser}/private.txt`, `/home/${u}/out/secret`, `/home/${u}/%2e%2e/${otherUser}/private.txt`]) {
      const removed = await rawRequest(url, 'DELETE', `${base()}/path${path}`, auth());
      assert.equal(removed.status, 403, `DELETE ${path}: ${removed.status}`);
    }
    // Writing over a link that points out is refused (the target is untouched); deleting a link removes the link only.
    assert.equal((await post(`${base()}/path/home/${u}/passwd`, 'pwned')).status, 403);
    assert.equal((await rawRequest(url, 'DELETE', `${base()}/path/home/${u}/out`, auth())).status, 204);
    assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'root only\n');
    assert.deepEqual(await readdir(outside), ['secret']);
    assert.equal(await readFile(join(config.homesDir, otherUser, 'private.txt'), 'utf8'), 'bob only\n');
    assert.deepEqual((await readdir(join(config.homesDir, otherUser))).filter((n) => n === 'new.txt'), []);
    assert.doesNotMatch(await readFile('/etc/passwd', 'utf8'), /pwned/);
    // A NUL byte is refused; a URL that does not decode matches no route (Express answers 404 before us).
    assert.equal((await get(`${base()}/path/home/${u}/a%00b`)).status, 400);
    assert.equal((await get(`${base()}/path/home/${u}/%E0%A4%A`)).status, 404);
  });
});
