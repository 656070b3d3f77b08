import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { CSRF_HEADER, MAX_UPLOAD_BYTES } from '@panel/contracts';
import { PENDING_FILE_PREFIX } from '@panel/home-fs';
import { startTestApi, TestClient } from '../testing/test-api';
import { multipart, rawRequest } from './test-helpers';

const MiB = 1024 * 1024;

describe('Files tab API: browse, edit, upload, download, safely', () => {
  let app: INestApplication;
  let url: string;
  let config: PanelConfig;
  let client: TestClient;
  let username: string;
  let uid: number;
  let home: string;
  let outside: string;
  let other: { username: string; home: string };

  before(async () => {
    ({ app, url, config } = await startTestApi());
    client = new TestClient(url);
    const session = await client.signup();
    username = session.account.username;
    uid = session.account.uid;
    home = join(config.homesDir, username);
    const bob = new TestClient(url);
    const bobSession = await bob.signup();
    other = { username: bobSession.account.username, home: join(config.homesDir, bobSession.account.username) };
    await writeFile(join(other.home, 'private.txt'), 'bob only\n');
    outside = await mkdtemp(join(tmpdir(), 'files-outside-'));
    await writeFile(join(outside, 'secret'), 'root only\n');
    await mkdir(join(outside, 'dir'));
    await writeFile(join(outside, 'dir', 'secret'), 'root only\n');
  });
  after(async () => {
    await app?.close();
    await rm(outside, { recursive: true, force: true });
  });

  const headers = (extra: Record<string, string> = {}) => ({ cookie: client.cookie, [CSRF_HEADER]: client.csrf, ...extra });
  const q = (path: string) => encodeURIComponent(path);
  const save = (path: string, content: string | Buffer, expectedVersion?: string) =>
    rawRequest(url, 'PUT', `/api/files/content?path=${q(path)}${expectedVersion ? `&expectedVersion=${expectedVersion}` : ''}`, headers({ 'content-type': 'application/octet-stream' }), Buffer.from(content));
  const upload = (directory: string, files: { field?: string; name: string; content: Buffer | string }[]) => {
    const { body, contentType } = multipart(files);
    return rawRequest(url, 'POST', `/api/files/upload?directory=${q(directory)}`, headers({ 'content-type': contentType }), body);
  };
  const json = (res: { body: string }) => JSON.parse(res.body);
  const leftovers = async (dir: string) => (await readdir(dir)).filter((n) => n.startsWith(PENDING_FILE_PREFIX));

  test('browse, create, edit, rename, download and delete, with names that have spaces and unicode', async () => {
    const listing = await client.get(`/api/files`);
    assert.equal(listing.status, 200, JSON.stringify(listing.body));
    assert.equal(listing.body.path, `/home/${username}`);
    assert.equal(listing.body.parent, null);

    const folder = await client.post('/api/files/entries', { directory: `/home/${username}`, name: 'my site ✓', type: 'directory' });
    assert.equal(folder.status, 201, JSON.stringify(folder.body));
    assert.equal(folder.body.path, `/home/${username}/my site ✓`);
    assert.equal(folder.body.type, 'directory');
    assert.equal((await stat(join(home, 'my site ✓'))).uid, uid);
    const file = await client.post('/api/files/entries', { directory: 'my site ✓', name: 'héllo wörld.py', type: 'file' });
    assert.equal(file.status, 201, JSON.stringify(file.body));
    assert.equal((await client.post('/api/files/entries', { directory: 'my site ✓', name: 'héllo wörld.py', type: 'file' })).status, 409);

    const saved = await save(`/home/${username}/my site ✓/héllo wörld.py`, 'print("héllo")\n');
    assert.equal(saved.status, 200, saved.body);
    const created = await save('my site ✓/new.txt', 'new\n');
    assert.equal(created.status, 201, created.body);
    assert.equal(json(created).created, true);
    const stats = await stat(join(home, 'my site ✓', 'new.txt'));
    assert.equal(stats.uid, uid, 'files written keep the account uid');
    assert.equal(stats.gid, uid);

    const content = await client.get(`/api/files/content?path=${q('my site ✓/héllo wörld.py')}`);
    assert.equal(content.status, 200);
    assert.equal(content.body.content, 'print("héllo")\n');
    assert.equal(content.body.version, createHash('sha256').update('print("héllo")\n').digest('hex'));
    assert.equal(content.body.version, json(saved).version);

    const inFolder = await client.get(`/api/files?path=${q('my site ✓')}`);
    assert.deepEqual(inFolder.body.entries.map((e: { name: string }) => e.name), ['héllo wörld.py', 'new.txt']);
    assert.equal(inFolder.body.parent, `/home/${username}`);
    assert.equal(inFolder.body.entries[0].size, Buffer.byteLength('print("héllo")\n'));

    const renamed = await client.post('/api/files/rename', { path: 'my site ✓/new.txt', newName: 'renamed file.txt' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.path, `/home/${username}/my site ✓/renamed file.txt`);
    assert.equal((await client.post('/api/files/rename', { path: 'my site ✓/renamed file.txt', newName: 'héllo wörld.py' })).status, 409, 'an existing name is not replaced');

    const download = await fetch(`${url}/api/files/download?path=${q('my site ✓/héllo wörld.py')}`, { headers: { cookie: client.cookie } });
    assert.equal(download.status, 200);
    assert.equal(await download.text(), 'print("héllo")\n');
    assert.match(download.headers.get('content-disposition')!, /filename\*=UTF-8''h%C3%A9llo%20w%C3%B6rld\.py/);

    const removed = await client.delete(`/api/files?path=${q('my site ✓')}`);
    assert.equal(removed.status, 204);
    assert.equal((await client.get(`/api/files?path=${q('my site ✓')}`)).status, 404);
    assert.equal((await client.delete(`/api/files?path=`)).status, 400, 'the home itself cannot be deleted');
  });

  test('names with "/" or NUL, "." and ".." are refused', async () => {
    for (const name of ['a/b', 'a\0b', '.', '..', '', 'x'.repeat(256)]) {
      const res = await client.post('/api/files/entries', { directory: '', name, type: 'file' });
      assert.equal(res.status, 400, `${JSON.stringify(name)}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, /name/);
    }
    await save('plain.txt', 'x');
    assert.equal((await client.post('/api/files/rename', { path: 'plain.txt', newName: '../escaped.txt' })).status, 400);
    assert.equal((await client.post('/api/files/rename', { path: 'plain.txt', newName: 'sub/escaped.txt' })).status, 400);
    assert.equal((await client.get(`/api/files/content?path=${q('a\0b')}`)).status, 400);
    const bad = await upload('', [{ name: 'ok.txt', content: 'fine' }, { name: '../../evil.txt', content: 'nope' }]);
    assert.equal(bad.status, 400, bad.body);
    await assert.rejects(stat(join(home, 'ok.txt')), 'an upload with a bad name writes nothing (all or nothing)');
    assert.deepEqual(await leftovers(home), []);
    await assert.rejects(stat(join(config.homesDir, 'evil.txt')));
  });

  test('traversal and symlink attacks are refused for listing, reading, writing, uploading, renaming and deleting', async () => {
    await mkdir(join(home, 'mysite'), { recursive: true });
    await symlink('/etc/passwd', join(home, 'passwd'));
    await symlink('/etc', join(home, 'etc'));
    await symlink(outside, join(home, 'out'));
    await symlink(other.home, join(home, 'bobhome'));
    await symlink(join(other.home, 'private.txt'), join(home, 'bobfile'));
    await symlink('out', join(home, 'chain')); // a link to a link that leaves
    await symlink(join(outside, 'not-yet'), join(home, 'dangling'));
    await symlink('../../../../../../etc/shadow', join(home, 'mysite', 'relative-escape'));
    // As made in a console, where the other home is /home/<other> and this one /home/<username>.
    await symlink(`../${other.username}`, join(home, 'bob-relative'));
    await symlink(`/home/${other.username}/private.txt`, join(home, 'bob-container-path'));
    await symlink(`/home/${username}/../${other.username}`, join(home, 'bob-via-home'));
    const attacks = [
      '..',
      '../..',
      `../${other.username}/private.txt`,
      '/etc/passwd',
      '/etc',
      `/home/${other.username}/private.txt`,
      `/home/${username}/../${other.username}/private.txt`,
      `/home/${username}/mysite/../../../etc/passwd`,
      'mysite/../../../etc/passwd',
      `/home/${username}x/file`,
      '/home',
      '/',
      'passwd',
      'etc',
      'etc/passwd',
      'etc/../etc/passwd',
      'out/secret',
      'out/dir/secret',
      'out',
      'chain/secret',
      'bobhome/private.txt',
      'bobhome',
      'bobfile',
      'mysite/relative-escape',
      'bob-relative/private.txt',
      'bob-relative',
      'bob-container-path',
      'bob-via-home/private.txt',
    ];
    for (const path of attacks) {
      const listed = await client.get(`/api/files?path=${q(path)}`);
      assert.equal(listed.status, 403, `list ${path}: ${listed.status} ${JSON.stringify(listed.body)}`);
      assert.match(listed.body.message, /outside your home|symbolic link/);
      const read = await client.get(`/api/files/content?path=${q(path)}`);
      assert.equal(read.status, 403, `read ${path}: ${read.status}`);
      const downloaded = await fetch(`${url}/api/files/download?path=${q(path)}`, { headers: { cookie: client.cookie } });
      assert.equal(downloaded.status, 403, `download ${path}: ${downloaded.status}`);
      const written = await save(`${path}/x`, 'pwned');
      assert.equal(written.status, 403, `write under ${path}: ${written.status} ${written.body}`);
      const uploaded = await upload(path, [{ name: 'x', content: 'pwned' }]);
      assert.equal(uploaded.status, 403, `upload into ${path}: ${uploaded.status} ${uploaded.body}`);
      const created = await client.post('/api/files/entries', { directory: path, name: 'x', type: 'directory' });
      assert.equal(created.status, 403, `mkdir in ${path}: ${created.status}`);
    }
    // Percent-encoding in the query is decoded once: "%2e%2e%2f" is "../"; a double-encoded one is just a name.
    const encoded = await rawRequest(url, 'GET', '/api/files?path=%2e%2e%2f%2e%2e%2fetc', headers());
    assert.equal(encoded.status, 403, encoded.body);
    const doubly = await rawRequest(url, 'GET', '/api/files/content?path=%252e%252e%252fetc%252fpasswd', headers());
    assert.equal(doubly.status, 404, doubly.body);

    // Writing through a link to a file outside that does not exist yet is refused too; nothing appears outside.
    const overLink = await save('dangling', 'mine');
    assert.equal(overLink.status, 403, overLink.body);
    assert.ok((await lstat(join(home, 'dangling'))).isSymbolicLink());
    await assert.rejects(stat(join(outside, 'not-yet')));
    // Saving over a link that points outside is refused, and the target is untouched.
    assert.equal((await save('passwd', 'root::0:0::/root:/bin/bash\n')).status, 403);
    assert.equal((await save('bobfile', 'mine now')).status, 403);
    // Renaming and deleting act on the link itself, never on its target.
    assert.equal((await client.post('/api/files/rename', { path: 'bobfile', newName: 'bobfile-renamed' })).status, 200);
    assert.equal((await client.delete(`/api/files?path=bobfile-renamed`)).status, 204);
    assert.equal((await client.delete(`/api/files?path=out`)).status, 204);
    assert.equal(await readFile(join(other.home, 'private.txt'), 'utf8'), 'bob only\n');
    assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'root only\n');
    assert.equal(await readFile(join(outside, 'dir', 'secret'), 'utf8'), 'root only\n');
    assert.deepEqual((await readdir(outside)).sort(), ['dir', 'secret']);
    assert.doesNotMatch(await readFile('/etc/passwd', 'utf8'), /pwned|root::0/);

    // A folder holding links out is archived with the links as links: nothing from outside is in the archive.
    await mkdir(join(home, 'linky'));
    await writeFile(join(home, 'linky', 'mine.txt'), 'mine\n');
    await symlink('/etc', join(home, 'linky', 'etc'));
    await symlink(outside, join(home, 'linky', 'out'));
    const archive = await fetch(`${url}/api/files/download?path=linky`, { headers: { cookie: client.cookie } });
    assert.equal(archive.status, 200);
    assert.match(archive.headers.get('content-disposition')!, /linky\.tar\.gz/);
    const tarball = join(outside, 'linky.tar.gz');
    await writeFile(tarball, Buffer.from(await archive.arrayBuffer()));
    const listing = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' });
    assert.match(listing, /linky\/mine\.txt/);
    assert.match(listing, /linky\/etc -> \/etc/);
    assert.match(listing, new RegExp(`linky/out -> ${outside}`));
    assert.doesNotMatch(listing, /passwd|secret/);
    await rm(tarball);
  });

  test('symlinks inside the home, made in a console with container paths, are followed', async () => {
    await mkdir(join(home, 'real site', 'static'), { recursive: true });
    await symlink(`/home/${username}/real site`, join(home, 'site-link'));
    await symlink('../real site/static', join(home, 'real site', 'static-link'));
    const listed = await client.get(`/api/files?path=${q('site-link')}`);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.equal(listed.body.path, `/home/${username}/real site`);
    const link = listed.body.entries.find((e: { name: string }) => e.name === 'static-link');
    assert.equal(link.type, 'symlink');
    assert.equal(link.symlinkTarget, '../real site/static');
    const written = await save('site-link/static-link/style.css', 'body { color: green; }\n');
    assert.equal(written.status, 201, written.body);
    assert.equal(json(written).path, `/home/${username}/real site/static/style.css`);
    assert.equal(await readFile(join(home, 'real site', 'static', 'style.css'), 'utf8'), 'body { color: green; }\n');
  });

  test('a FIFO in the home does not hang the API (swapped-symlink races are tested in libs/jobs home-fs.test.ts)', async () => {
    execFileSync('mkfifo', [join(home, 'fifo')]);
    const read = await client.get('/api/files/content?path=fifo');
    assert.equal(read.status, 400);
    assert.match(read.body.message, /not a regular file/);
  });

  test('the changed-on-disk warning: a save with the opened version answers 409 when the file changed meanwhile', async () => {
    await save('mysite/flask_app.py', 'print("v1")\n');
    const opened = (await client.get('/api/files/content?path=mysite/flask_app.py')).body;
    // Someone edits it in a console.
    await writeFile(join(home, 'mysite', 'flask_app.py'), 'print("from the console")\n');
    const conflict = await save('mysite/flask_app.py', 'print("from the editor")\n', opened.version);
    assert.equal(conflict.status, 409, conflict.body);
    assert.match(json(conflict).message, /changed on disk since you opened it/);
    assert.equal(await readFile(join(home, 'mysite', 'flask_app.py'), 'utf8'), 'print("from the console")\n', 'nothing was overwritten');
    // Unchanged: saves; the new version is what the next save expects.
    const reopened = (await client.get('/api/files/content?path=mysite/flask_app.py')).body;
    const first = await save('mysite/flask_app.py', 'print("v2")\n', reopened.version);
    assert.equal(first.status, 200, first.body);
    const second = await save('mysite/flask_app.py', 'print("v3")\n', json(first).version);
    assert.equal(second.status, 200, second.body);
    // Overwrite: without a version.
    assert.equal((await save('mysite/flask_app.py', 'print("forced")\n')).status, 200);
    assert.equal(await readFile(join(home, 'mysite', 'flask_app.py'), 'utf8'), 'print("forced")\n');
    // Deleted meanwhile.
    const gone = (await client.get('/api/files/content?path=mysite/flask_app.py')).body;
    await rm(join(home, 'mysite', 'flask_app.py'));
    const deleted = await save('mysite/flask_app.py', 'x', gone.version);
    assert.equal(deleted.status, 409);
    assert.match(json(deleted).message, /deleted on disk/);
  });

  test('a save sent as JSON or as a form is refused with 415 (its bytes were read as fields), never left waiting', async () => {
    for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
      const res = await rawRequest(url, 'PUT', `/api/files/content?path=${q('as-json.json')}`, headers({ 'content-type': type }), Buffer.from(type === 'application/json' ? '{"a": 1}' : 'a=1'));
      assert.equal(res.status, 415, res.body);
      assert.equal(JSON.parse(res.body).code, 'FILES_BODY_NOT_RAW');
    }
    assert.equal((await client.get(`/api/files/content?path=${q('as-json.json')}`)).status, 404, 'nothing was written');
  });

  test('the editor refuses binary and very large files with a clear message', async () => {
    await writeFile(join(home, 'image.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff]));
    const binary = await client.get('/api/files/content?path=image.bin');
    assert.equal(binary.status, 415);
    assert.match(binary.body.message, /not a text file/);
    assert.equal((await client.get('/api/files/content?path=mysite')).status, 400);
  });

  test('uploads: several files at once, replacing keeps one file, names with unicode', async () => {
    await mkdir(join(home, 'up'), { recursive: true });
    const first = await upload('up', [
      { name: 'a.txt', content: 'A' },
      { name: 'ünï cödé.txt', content: 'U' },
    ]);
    assert.equal(first.status, 201, first.body);
    assert.deepEqual(json(first).files.map((f: { name: string; replaced: boolean }) => [f.name, f.replaced]), [
      ['a.txt', false],
      ['ünï cödé.txt', false],
    ]);
    const again = await upload('up', [{ name: 'a.txt', content: 'A2' }]);
    assert.equal(json(again).files[0].replaced, true);
    assert.equal(await readFile(join(home, 'up', 'a.txt'), 'utf8'), 'A2');
    assert.equal((await stat(join(home, 'up', 'ünï cödé.txt'))).uid, uid);
    assert.deepEqual(await leftovers(join(home, 'up')), []);
    const usage = await client.get('/api/files/usage');
    assert.equal(usage.status, 200);
    assert.ok(usage.body.usedBytes > 0);
    assert.equal(usage.body.quotaBytes, 1024 * MiB);
  });

  test('a 100 MiB upload streams to disk; one byte more is refused and leaves nothing', async () => {
    const block = Buffer.alloc(MiB);
    for (let i = 0; i < block.length; i++) block[i] = (i * 31) % 251;
    const boundary = '----panelbig';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const send = (size: number) =>
      rawRequest(url, 'POST', '/api/files/upload?directory=mysite', headers({ 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length) }), async (write) => {
        await write(head);
        for (let sent = 0; sent < size; sent += MiB) await write(sent + MiB <= size ? block : block.subarray(0, size - sent));
        await write(tail);
      });
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const ok = await send(MAX_UPLOAD_BYTES);
    clearInterval(sampler);
    assert.equal(ok.status, 201, ok.body);
    assert.equal(json(ok).files[0].size, MAX_UPLOAD_BYTES);
    const onDisk = await stat(join(home, 'mysite', 'big.bin'));
    assert.equal(onDisk.size, MAX_UPLOAD_BYTES);
    assert.equal(onDisk.uid, uid);
    const expected = createHash('sha256');
    for (let i = 0; i < 100; i++) expected.update(block);
    assert.equal(createHash('sha256').update(await readFile(join(home, 'mysite', 'big.bin'))).digest('hex'), expected.digest('hex'));
    // Client and server share this process: the growth covers both, and is far below the file's size.
    assert.ok(rssPeak - rssBefore < 60 * MiB, `memory grew by ${Math.round((rssPeak - rssBefore) / MiB)} MiB during a 100 MiB upload`);

    const tooBig = await send(MAX_UPLOAD_BYTES + 1);
    assert.equal(tooBig.status, 413, tooBig.body);
    assert.match(json(tooBig).message, /larger than 100 MiB/);
    assert.deepEqual(await leftovers(join(home, 'mysite')), []);
    assert.equal((await stat(join(home, 'mysite', 'big.bin'))).size, MAX_UPLOAD_BYTES, 'the previous file is intact');
    await rm(join(home, 'mysite', 'big.bin'));
  });

  test('an upload interrupted by the client leaves no partial file', async () => {
    const { hostname, port } = new URL(url);
    const boundary = '----panelcut';
    await new Promise<void>((resolve) => {
      const req = request({
        host: hostname,
        port,
        method: 'POST',
        path: '/api/files/upload?directory=mysite',
        headers: { ...headers(), 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(50 * MiB) },
      });
      req.on('error', () => resolve());
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n\r\n`);
      req.write(Buffer.alloc(4 * MiB));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    const deadline = Date.now() + 5000;
    while ((await leftovers(join(home, 'mysite'))).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await leftovers(join(home, 'mysite')), []);
    await assert.rejects(stat(join(home, 'mysite', 'cut.bin')));
  });

  test('folder downloads the client abandons at any moment stop cleanly (no crash, the API keeps serving)', async () => {
    await mkdir(join(home, 'bulky'), { recursive: true });
    for (let i = 0; i < 200; i++) await writeFile(join(home, 'bulky', `part-${i}.bin`), randomBytes(20_000));
    await writeFile(join(home, 'bulky', 'random.bin'), randomBytes(8 * MiB));
    const { hostname, port } = new URL(url);
    const escaped: unknown[] = [];
    const onEscaped = (error: unknown) => escaped.push(error);
    process.on('uncaughtException', onEscaped);
    process.on('unhandledRejection', onEscaped);
    try {
      for (let i = 0; i < 40; i++) {
        await new Promise<void>((resolve) => {
          const req = request({ host: hostname, port, path: '/api/files/download?path=bulky', headers: headers() }, (res) => res.resume());
          req.on('error', () => resolve());
          req.end();
          setTimeout(() => {
            req.destroy();
            resolve();
          }, (i * 7) % 150);
        });
      }
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      process.off('uncaughtException', onEscaped);
      process.off('unhandledRejection', onEscaped);
    }
    assert.deepEqual(escaped, [], 'no error escaped while downloads were abandoned');
    assert.equal((await client.get('/api/files?path=bulky')).status, 200);
    // A complete download of the same folder holds every file.
    const full = await fetch(`${url}/api/files/download?path=bulky`, { headers: { cookie: client.cookie } });
    const tarball = join(outside, 'bulky.tar.gz');
    await writeFile(tarball, Buffer.from(await full.arrayBuffer()));
    const names = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    assert.equal(names.length, 202);
    assert.ok(names.includes('bulky/random.bin'));
    await rm(tarball);
    await rm(join(home, 'bulky'), { recursive: true });
  });

  test('another account sees none of it, and requests without a session are refused', async () => {
    const stranger = new TestClient(url);
    await stranger.signup();
    const res = await stranger.get(`/api/files?path=${q(`/home/${username}`)}`);
    assert.equal(res.status, 403);
    assert.equal((await fetch(`${url}/api/files`)).status, 401);
    const noCsrf = await rawRequest(url, 'PUT', '/api/files/content?path=x.txt', { cookie: client.cookie, 'content-type': 'text/plain' }, Buffer.from('x'));
    assert.equal(noCsrf.status, 403, 'a save needs the CSRF header');
    await assert.rejects(stat(join(home, 'x.txt')));
  });
});

describe('disk quota', () => {
  let app: INestApplication;
  let url: string;
  let config: PanelConfig;
  let client: TestClient;
  let home: string;

  before(async () => {
    ({ app, url, config } = await startTestApi({ PANEL_HOME_QUOTA_MB: '2' }));
    client = new TestClient(url);
    const session = await client.signup();
    home = join(config.homesDir, session.account.username);
  });
  after(() => app?.close());

  const headers = (extra: Record<string, string> = {}) => ({ cookie: client.cookie, [CSRF_HEADER]: client.csrf, ...extra });

  test('an upload or a save that would exceed the quota is refused with a clear error and leaves no partial file', async () => {
    const { body, contentType } = multipart([
      { name: 'small.bin', content: Buffer.alloc(512 * 1024) },
      { name: 'large.bin', content: Buffer.alloc(3 * MiB) },
    ]);
    const res = await rawRequest(url, 'POST', '/api/files/upload?directory=', headers({ 'content-type': contentType }), body);
    assert.equal(res.status, 413, res.body);
    assert.match(JSON.parse(res.body).message, /exceed your disk quota of 2 MiB/);
    assert.deepEqual((await readdir(home)).filter((n) => n !== '.my.cnf'), [], 'neither file was kept');

    const saved = await rawRequest(url, 'PUT', '/api/files/content?path=big.txt', headers({ 'content-type': 'text/plain' }), Buffer.alloc(3 * MiB, 'a'));
    assert.equal(saved.status, 413, saved.body);
    assert.deepEqual((await readdir(home)).filter((n) => n !== '.my.cnf'), []);

    // Within the quota it works; replacing a file counts only the difference.
    const fits = await rawRequest(url, 'PUT', '/api/files/content?path=fits.txt', headers({ 'content-type': 'text/plain' }), Buffer.alloc(1200 * 1024, 'a'));
    assert.equal(fits.status, 201, fits.body);
    const replaced = await rawRequest(url, 'PUT', '/api/files/content?path=fits.txt', headers({ 'content-type': 'text/plain' }), Buffer.alloc(1300 * 1024, 'b'));
    assert.equal(replaced.status, 200, replaced.body);
    const usage = await client.get('/api/files/usage');
    assert.equal(usage.body.quotaBytes, 2 * MiB);
    assert.ok(usage.body.usedBytes >= 1300 * 1024);
  });
});
