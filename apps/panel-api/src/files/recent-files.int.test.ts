import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { startTestApi, TestClient } from '../testing/test-api';

describe("the dashboard's recent files", () => {
  let app: INestApplication;
  let client: TestClient;
  let username: string;
  let home: string;

  before(async () => {
    const started = await startTestApi();
    app = started.app;
    client = new TestClient(started.url);
    username = (await client.signup()).account.username;
    home = join(started.config.homesDir, username);
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const file = async (path: string, minutesAgo: number) => {
      await mkdir(join(home, path, '..'), { recursive: true });
      await writeFile(join(home, path), 'x\n');
      await utimes(join(home, path), at(minutesAgo), at(minutesAgo));
    };
    await file('mysite/flask_app.py', 1);
    await file('mysite/templates/main_page.html', 2);
    await file('notes.md', 3);
    await file('old.txt', 600);
    // Newer still, but nothing anyone edits by hand: hidden folders, virtualenvs, caches, dotfiles.
    await file('.virtualenvs/env/lib/site.py', 0);
    await file('.cache/pip/x', 0);
    await file('mysite/__pycache__/flask_app.cpython-311.pyc', 0);
    await file('.bash_history', 0);
    await symlink('/etc/passwd', join(home, 'link-out'));
  });
  after(() => app?.close());

  test('lists the files modified last, newest first, as absolute paths, skipping hidden folders and caches', async () => {
    const res = await client.request('GET', '/api/files/recent?limit=3');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.map((f: { path: string }) => f.path),
      [`/home/${username}/mysite/flask_app.py`, `/home/${username}/mysite/templates/main_page.html`, `/home/${username}/notes.md`],
    );
    assert.equal(res.body[0].type, 'file');
  });

  test('a symlink out of the home is not listed or followed', async () => {
    const res = await client.request('GET', '/api/files/recent?limit=50');
    assert.equal(res.status, 200);
    assert.ok(!res.body.some((f: { name: string }) => f.name === 'link-out' || f.name === 'passwd'));
    assert.ok(res.body.some((f: { name: string }) => f.name === 'old.txt'));
  });

  test('a file saved through the API is among the recent files at once; one written in a console within seconds', async () => {
    await client.request('GET', '/api/files/recent?limit=5'); // the newest files are kept from here on
    const saved = await client.request('PUT', `/api/files/content?path=${encodeURIComponent(`/home/${username}/saved.py`)}`, undefined, { 'content-type': 'application/octet-stream' });
    assert.ok(saved.status === 201, JSON.stringify(saved.body));
    const first = await client.request('GET', '/api/files/recent?limit=5');
    assert.equal(first.body[0].name, 'saved.py');
    await writeFile(join(home, 'console.py'), 'print(1)\n'); // not through the API: seen by the next walk
    const deadline = Date.now() + 15_000;
    let names: string[] = [];
    while (Date.now() < deadline) {
      names = (await client.request('GET', '/api/files/recent?limit=5')).body.map((f: { name: string }) => f.name);
      if (names[0] === 'console.py') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.equal(names[0], 'console.py', `within the keep period: ${names.join(', ')}`);
  });

  test('a limit out of range is a 400 that says so, and another account sees only its own files', async () => {
    const bad = await client.request('GET', '/api/files/recent?limit=500');
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /limit/);
    const bob = new TestClient(client.url);
    const bobName = (await bob.signup()).account.username;
    const theirs = await bob.request('GET', '/api/files/recent');
    assert.equal(theirs.status, 200);
    assert.ok(theirs.body.every((f: { path: string }) => f.path.startsWith(`/home/${bobName}/`)));
    assert.ok(!theirs.body.some((f: { name: string }) => f.name === 'flask_app.py'));
  });
});
