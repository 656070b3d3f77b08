import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplication } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PanelConfig } from '@panel/config';
import { forgetLoginFailures, startTestApi, TestClient, uniqueUsername } from '../testing/test-api';

describe('accounts and authentication', () => {
  let app: INestApplication;
  let url: string;
  let config: PanelConfig;

  before(async () => {
    ({ app, url, config } = await startTestApi({ PANEL_LOGIN_MAX_ATTEMPTS: '3' }));
    await forgetLoginFailures(config);
  });
  after(() => app.close());

  test('sign-up creates the account, its uid and its home directory, and signs in', async () => {
    const client = new TestClient(url);
    const username = uniqueUsername('alice');
    const session = await client.signup(username);
    assert.equal(session.account.username, username);
    assert.equal(session.account.role, 'user');
    assert.equal(session.account.uid, config.uidBase + session.account.id);
    const home = await stat(join(config.homesDir, username));
    assert.ok(home.isDirectory());
    assert.equal(home.uid, session.account.uid);
    assert.equal(home.mode & 0o777, 0o750);
    const me = await client.get('/api/auth/session');
    assert.equal(me.status, 200);
    assert.equal(me.body.account.username, username);
  });

  test('the session cookie is httpOnly and SameSite', async () => {
    const res = await fetch(`${url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: uniqueUsername(), password: 'long enough' }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^panel_session=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
  });

  test('bad usernames get a 400 saying what is wrong, and nothing is created', async () => {
    const client = new TestClient(url);
    const wrong: [string, RegExp][] = [
      ['Alice', /"A" is not allowed in a username/],
      ['1alice', /starts with a lowercase letter, not "1"/],
      ['al_ice', /"_" is not allowed in a username/],
      ['al ice', /a space is not allowed in a username/],
      ['a'.repeat(31), /at most 30 characters; this one has 31/],
      ['', /Choose a username/],
      ['ålice', /"å" is not allowed in a username/],
    ];
    for (const [username, message] of wrong) {
      const res = await client.post('/api/auth/signup', { username, password: 'long enough' });
      assert.equal(res.status, 400, username);
      assert.match(res.body.message, message);
    }
    const short = await client.post('/api/auth/signup', { username: uniqueUsername(), password: 'short' });
    assert.equal(short.status, 400);
    assert.match(short.body.message, /between 8 and 200 characters/);
  });

  test('a taken username gets a 409', async () => {
    const username = uniqueUsername();
    await new TestClient(url).signup(username);
    const res = await new TestClient(url).post('/api/auth/signup', { username, password: 'another one' });
    assert.equal(res.status, 409);
    assert.match(res.body.message, /is taken/);
  });

  test('login with the right password works; a wrong one is 401', async () => {
    const username = uniqueUsername();
    await new TestClient(url).signup(username, 'right password');
    const wrong = await new TestClient(url).post('/api/auth/login', { username, password: 'wrong password' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.message, 'Wrong username or password.');
    const unknown = await new TestClient(url).post('/api/auth/login', { username: uniqueUsername(), password: 'whatever1' });
    assert.equal(unknown.status, 401);
    const client = new TestClient(url);
    const ok = await client.post('/api/auth/login', { username, password: 'right password' });
    assert.equal(ok.status, 200);
    assert.ok(ok.body.csrfToken);
    assert.equal((await client.get('/api/account')).status, 200);
  });

  test('login attempts are rate-limited per username', async () => {
    const username = uniqueUsername();
    await new TestClient(url).signup(username, 'right password');
    for (let i = 0; i < 3; i++) {
      assert.equal((await new TestClient(url).post('/api/auth/login', { username, password: 'nope nope' })).status, 401);
    }
    const blocked = await new TestClient(url).post('/api/auth/login', { username, password: 'right password' });
    assert.equal(blocked.status, 429);
    assert.match(blocked.body.message, /Too many failed login attempts/);
  });

  test('logout ends the session', async () => {
    const client = new TestClient(url);
    await client.signup();
    const cookie = client.cookie;
    assert.equal((await client.post('/api/auth/logout')).status, 204);
    client.cookie = cookie;
    assert.equal((await client.get('/api/account')).status, 401);
  });

  test('state changes with a session need the CSRF token', async () => {
    const client = new TestClient(url);
    await client.signup();
    const csrf = client.csrf;
    client.csrf = '';
    const missing = await client.post('/api/account/tokens', { name: 'x' });
    assert.equal(missing.status, 403);
    assert.match(missing.body.message, /CSRF/);
    client.csrf = 'wrong'.padEnd(43, 'x');
    assert.equal((await client.post('/api/account/tokens', { name: 'x' })).status, 403);
    client.csrf = csrf;
    assert.equal((await client.post('/api/account/tokens', { name: 'x' })).status, 201);
  });

  test('changing the password needs the current one and signs out other sessions', async () => {
    const username = uniqueUsername();
    const first = new TestClient(url);
    await first.signup(username, 'old password');
    const second = new TestClient(url);
    await second.post('/api/auth/login', { username, password: 'old password' });
    assert.equal((await second.get('/api/account')).status, 200);

    const wrong = await first.post('/api/account/password', { currentPassword: 'not it at all', newPassword: 'new password' });
    assert.equal(wrong.status, 401);
    const ok = await first.post('/api/account/password', { currentPassword: 'old password', newPassword: 'new password' });
    assert.equal(ok.status, 204);
    assert.equal((await first.get('/api/account')).status, 200, 'the session that changed it stays');
    assert.equal((await second.get('/api/account')).status, 401, 'other sessions end');
    assert.equal((await new TestClient(url).post('/api/auth/login', { username, password: 'old password' })).status, 401);
    assert.equal((await new TestClient(url).post('/api/auth/login', { username, password: 'new password' })).status, 200);
  });

  test('admin-only routes refuse users', async () => {
    const client = new TestClient(url);
    await client.signup();
    assert.equal((await client.get('/api/admin/accounts')).status, 403);
    assert.equal((await client.get('/api/nodes')).status, 403);
  });

  test('sign-up can be turned off by the operator', async () => {
    const closed = await startTestApi({ PANEL_SIGNUP_ENABLED: 'false' });
    try {
      const res = await new TestClient(closed.url).post('/api/auth/signup', { username: uniqueUsername(), password: 'long enough' });
      assert.equal(res.status, 403);
      assert.match(res.body.message, /Sign-up is turned off/);
      assert.equal((await new TestClient(closed.url).get('/api/settings')).body.signupEnabled, false);
    } finally {
      await closed.app.close();
    }
  });

  test('errors have one shape and 5xx never leak a stack', async () => {
    const res = await new TestClient(url).request('POST', '/api/auth/login', undefined, { 'content-type': 'application/json', 'content-length': '5' });
    assert.ok(res.status >= 400 && res.status < 500);
    const malformed = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{bad json' });
    const body = (await malformed.json()) as Record<string, unknown>;
    assert.equal(malformed.status, 400);
    assert.deepEqual(Object.keys(body).sort(), ['code', 'error', 'message', 'statusCode']);
    assert.equal(body.code, 'BODY_NOT_JSON');
  });

  test('the OpenAPI document is served and describes the routes', async () => {
    const res = await new TestClient(url).get('/api/docs/openapi.json');
    assert.equal(res.status, 200);
    assert.ok(res.body.paths['/api/auth/signup']);
    assert.ok(res.body.paths['/api/jobs/{id}/events']);
    const body = res.body.paths['/api/auth/signup'].post.requestBody.content['application/json'].schema;
    assert.equal(body.properties.username.pattern, '^[a-z][a-z0-9]{0,29}$');
  });
});
