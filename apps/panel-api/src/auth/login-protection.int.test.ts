import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplication } from '@nestjs/common';
import { connect } from 'node:net';
import type { PanelConfig } from '@panel/config';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { forgetLoginFailures, startTestApi, TestClient, uniqueUsername } from '../testing/test-api';

/** A login that sends (and keeps) the known-device cookie like a browser does. */
async function login(url: string, username: string, password: string, device = '', headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(device ? { cookie: device } : {}), ...headers },
    body: JSON.stringify({ username, password }),
  });
  const cookies = res.headers.getSetCookie();
  return { status: res.status, device: cookies.find((c) => c.startsWith('panel_device='))?.split(';')[0] ?? device, cookies };
}

describe('login protection, cookies, sign out everywhere, upgrades', () => {
  let app: INestApplication;
  let url: string;
  let homesDir: string;

  before(async () => {
    let config: PanelConfig;
    ({ app, url, config } = await startTestApi({ PANEL_LOGIN_MAX_ATTEMPTS: '3' }));
    await forgetLoginFailures(config);
    homesDir = config.homesDir;
  });
  after(() => app.close());

  test("strangers' wrong passwords do not lock out a browser that logged in before; a new browser is still limited", async () => {
    const username = uniqueUsername();
    await new TestClient(url).signup(username, 'right password');
    const owner = await login(url, username, 'right password');
    assert.equal(owner.status, 200);
    assert.match(owner.device, /^panel_device=/);
    for (let i = 0; i < 6; i++) await login(url, username, 'wrong guess');
    assert.equal((await login(url, username, 'right password')).status, 429, 'a browser with no history is limited');
    assert.equal((await login(url, username, 'right password', owner.device)).status, 200, 'the owner still logs in');
  });

  test('a known browser has its own limit: its own wrong passwords still lock it', async () => {
    const username = uniqueUsername();
    await new TestClient(url).signup(username, 'right password');
    const owner = await login(url, username, 'right password');
    for (let i = 0; i < 3; i++) assert.equal((await login(url, username, 'wrong', owner.device)).status, 401);
    assert.equal((await login(url, username, 'right password', owner.device)).status, 429);
  });

  test('X-Forwarded-For from a client that is not a configured proxy does not change the counted address', async () => {
    const username = uniqueUsername();
    await new TestClient(url).signup(username, 'right password');
    for (let i = 0; i < 3; i++) {
      assert.equal((await login(url, username, 'wrong', '', { 'x-forwarded-for': `203.0.113.${i + 1}` })).status, 401);
    }
    const rotated = await login(url, username, 'right password', '', { 'x-forwarded-for': '203.0.113.99' });
    assert.equal(rotated.status, 429, 'rotating X-Forwarded-For does not reset the count');
  });

  test('the session cookie is host-only (no Domain), and __Host- prefixed and Secure over HTTPS', async () => {
    const plain = await new TestClient(url).request('POST', '/api/auth/signup', { username: uniqueUsername(), password: 'long enough' });
    const cookie = plain.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^panel_session=/);
    assert.doesNotMatch(cookie, /Domain=/i);
    const secure = await startTestApi({ PANEL_COOKIE_SECURE: 'true' });
    try {
      const res = await new TestClient(secure.url).request('POST', '/api/auth/signup', { username: uniqueUsername(), password: 'long enough' });
      const set = res.headers.get('set-cookie') ?? '';
      assert.match(set, /^__Host-panel_session=/);
      assert.match(set, /; Secure/i);
      assert.match(set, /Path=\//);
      assert.doesNotMatch(set, /Domain=/i);
      const token = /^__Host-panel_session=([^;]+)/.exec(set)![1];
      const me = await fetch(`${secure.url}/api/auth/session`, { headers: { cookie: `__Host-panel_session=${token}` } });
      assert.equal(me.status, 200);
      const unprefixed = await fetch(`${secure.url}/api/auth/session`, { headers: { cookie: `panel_session=${token}` } });
      assert.equal(unprefixed.status, 401, 'a cookie without the prefix (settable by a sibling domain) is not a session');
    } finally {
      await secure.app.close();
    }
  });

  test('sign out everywhere ends every session, revokes every API token and forgets known browsers', async () => {
    const username = uniqueUsername();
    const first = new TestClient(url);
    await first.signup(username, 'right password');
    const second = new TestClient(url);
    const device = await login(url, username, 'right password');
    second.cookie = device.cookies.find((c) => c.startsWith('panel_session='))!.split(';')[0];
    const token = (await first.post('/api/account/tokens', { name: 'deploy' })).body.token as string;
    const byToken = new TestClient(url);
    byToken.token = token;
    assert.equal((await byToken.get('/api/account')).status, 200);

    assert.equal((await first.post('/api/auth/sign-out-everywhere')).status, 204);
    assert.equal((await first.get('/api/account')).status, 401, 'this session ended');
    assert.equal((await second.get('/api/account')).status, 401, 'the other session ended');
    assert.equal((await byToken.get('/api/account')).status, 401, 'the token is revoked');
    for (let i = 0; i < 6; i++) await login(url, username, 'wrong guess');
    assert.equal((await login(url, username, 'right password', device.device)).status, 429, 'the browser is no longer known');
  });

  test('sign-up refuses the names of database roles, system users and platform hosts, and creates nothing', async () => {
    for (const username of ['panel', 'root', 'postgres', 'mysql', 'admin', 'www', 'api', 'nobody']) {
      const res = await new TestClient(url).request('POST', '/api/auth/signup', { username, password: 'long enough' });
      assert.equal(res.status, 400, `${username}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, /reserved/);
      await assert.rejects(stat(join(homesDir, username)), { code: 'ENOENT' }, `no home was made for ${username}`);
    }
  });

  test('an Upgrade request on a path other than a console socket is answered 404 and closed', async () => {
    const port = new URL(url).port;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('GET /api/account HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.setTimeout(5_000, () => {
        socket.destroy();
        reject(new Error(`no answer, the connection stayed open (got ${JSON.stringify(data)})`));
      });
    });
    assert.match(answer, /^HTTP\/1\.1 404 /);
  });
});
