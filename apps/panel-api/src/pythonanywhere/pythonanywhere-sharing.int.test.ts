import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { rawRequest } from '../files/test-helpers';
import { startTestApi, TestClient } from '../testing/test-api';

describe('Sharing files by link (PythonAnywhere files/sharing/ and the Files tab)', () => {
  let app: INestApplication;
  let url: string;
  let config: PanelConfig;
  let username: string;
  let home: string;
  let token: string;
  let otherUser: string;
  let otherToken: string;
  let outside: string;
  let dashboard: TestClient;

  const newToken = async (client: TestClient) => {
    const created = await client.post('/api/account/tokens', { name: 'pa sharing' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.token as string;
  };

  before(async () => {
    ({ app, url, config } = await startTestApi());
    dashboard = new TestClient(url);
    username = (await dashboard.signup()).account.username;
    home = join(config.homesDir, username);
    token = await newToken(dashboard);
    const other = new TestClient(url);
    otherUser = (await other.signup()).account.username;
    otherToken = await newToken(other);
    await writeFile(join(config.homesDir, otherUser, 'private.txt'), 'bob only\n');
    await mkdir(join(home, 'notes'), { recursive: true });
    await writeFile(join(home, 'notes', 'todo.txt'), 'first version\n');
    outside = await mkdtemp(join(tmpdir(), 'pa-share-outside-'));
    await writeFile(join(outside, 'secret'), 'root only\n');
  });
  after(async () => {
    await app?.close();
    await rm(outside, { recursive: true, force: true });
  });

  /** As pythonanywhere-core's Files client sends them: POST json={"path": ...}, GET/DELETE ?path= (not encoded). */
  const pa = async (method: string, query: string, json?: unknown, as = token, user = username) => {
    const headers: Record<string, string> = { authorization: `Token ${as}` };
    let body: Buffer | undefined;
    if (json !== undefined) {
      headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify(json));
    }
    const res = await rawRequest(url, method, `/api/v0/user/${user}/files/sharing/${query}`, headers, body);
    return { status: res.status, body: res.body ? JSON.parse(res.body) : null };
  };
  const open = (link: string) => rawRequest(url, 'GET', link, {});

  test('POST shares a file (201, then 200 with the same url); the link serves the file as it is now to anyone; DELETE revokes it', async () => {
    const path = `/home/${username}/notes/todo.txt`;
    const created = await pa('POST', '', { path });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.url, /^\/api\/shares\/[A-Za-z0-9_-]{32}\/$/);
    const again = await pa('POST', '', { path });
    assert.equal(again.status, 200);
    assert.equal(again.body.url, created.body.url);
    const got = await pa('GET', `?path=${path}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.url, created.body.url);

    // The client joins the url to the API's host; no token or session is needed.
    const served = await open(created.body.url);
    assert.equal(served.status, 200);
    assert.equal(served.body, 'first version\n');
    assert.match(String(served.headers['content-disposition']), /attachment/);
    assert.match(String(served.headers['content-security-policy']), /sandbox/);
    await writeFile(join(home, 'notes', 'todo.txt'), 'second version\n');
    assert.equal((await open(created.body.url)).body, 'second version\n');

    assert.equal((await pa('DELETE', `?path=${path}`)).status, 204);
    assert.equal((await open(created.body.url)).status, 404);
    assert.equal((await pa('GET', `?path=${path}`)).status, 404);
    assert.equal((await pa('DELETE', `?path=${path}`)).status, 404);
    // Sharing again makes a new link: the revoked one stays dead.
    const renewed = await pa('POST', '', { path });
    assert.equal(renewed.status, 201);
    assert.notEqual(renewed.body.url, created.body.url);
    assert.equal((await open(created.body.url)).status, 404);
  });

  test('the Files tab shares, lists and revokes the same shares', async () => {
    const path = `/home/${username}/notes/dash.txt`;
    await writeFile(join(home, 'notes', 'dash.txt'), 'from the dashboard\n');
    const shared = await dashboard.post('/api/files/shares', { path });
    assert.equal(shared.status, 201, JSON.stringify(shared.body));
    const listed = await dashboard.get('/api/files/shares');
    assert.ok((listed.body as { path: string; url: string }[]).some((s) => s.path === path && s.url === shared.body.url));
    assert.equal((await pa('GET', `?path=${path}`)).body.url, shared.body.url);
    assert.equal((await open(shared.body.url)).body, 'from the dashboard\n');
    assert.equal((await dashboard.delete(`/api/files/shares?path=${encodeURIComponent(path)}`)).status, 204);
    assert.equal((await open(shared.body.url)).status, 404);
  });

  test('a folder, a missing file, a path outside the home, /var/log and another account\'s file cannot be shared, and nothing is revealed', async () => {
    await symlink(join(outside, 'secret'), join(home, 'notes', 'escape'));
    await symlink(join(config.homesDir, otherUser, 'private.txt'), join(home, 'notes', 'bobs'));
    const folder = await pa('POST', '', { path: `/home/${username}/notes` });
    assert.equal(folder.status, 400);
    for (const path of [
      `/home/${username}/notes/missing.txt`,
      `/home/${otherUser}/private.txt`,
      `/home/${username}/../${otherUser}/private.txt`,
      `/home/${username}/notes/escape`,
      `/home/${username}/notes/bobs`,
      '/etc/passwd',
      `/var/log/${username}.pythonanywhere.com.error.log`,
    ]) {
      const res = await pa('POST', '', { path });
      assert.ok([400, 403, 404].includes(res.status), `${path}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.doesNotMatch(JSON.stringify(res.body), /bob only|root only/);
    }
    assert.equal((await pa('POST', '', {})).status, 400);
  });

  test('a share whose file became a symlink, or was deleted, serves nothing; made-up tokens are a 404', async () => {
    const path = `/home/${username}/notes/swap.txt`;
    await writeFile(join(home, 'notes', 'swap.txt'), 'mine\n');
    const { body } = await pa('POST', '', { path });
    await unlink(join(home, 'notes', 'swap.txt'));
    assert.equal((await open(body.url)).status, 404);
    await symlink(join(config.homesDir, otherUser, 'private.txt'), join(home, 'notes', 'swap.txt'));
    const swapped = await open(body.url);
    assert.equal(swapped.status, 404);
    assert.doesNotMatch(swapped.body, /bob only/);
    for (const link of ['/api/shares/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/', '/api/shares/..%2f..%2fetc%2fpasswd/', '/api/shares/x/']) {
      assert.equal((await open(link)).status, 404, link);
    }
  });

  test("another account's sharing endpoints answer 404 Not found., and its shares are not reachable by path", async () => {
    const theirs = await pa('POST', '', { path: `/home/${otherUser}/private.txt` }, otherToken, otherUser);
    assert.equal(theirs.status, 201);
    for (const method of ['GET', 'DELETE']) {
      const res = await pa(method, `?path=/home/${otherUser}/private.txt`, undefined, token, otherUser);
      assert.equal(res.status, 404);
      assert.equal(res.body.message, 'Not found.');
    }
    assert.equal((await pa('POST', '', { path: `/home/${otherUser}/private.txt` }, token, otherUser)).status, 404);
    // Under one's own username, another account's path is simply not shared.
    assert.equal((await pa('GET', `?path=/home/${otherUser}/private.txt`)).status, 404);
    assert.equal((await pa('DELETE', `?path=/home/${otherUser}/private.txt`)).status, 404);
    assert.equal((await open(theirs.body.url)).body, 'bob only\n', 'their share still works');
  });
});
