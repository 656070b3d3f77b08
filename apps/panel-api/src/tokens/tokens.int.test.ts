import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplication } from '@nestjs/common';
import { startTestApi, TestClient } from '../testing/test-api';

describe('API tokens', () => {
  let app: INestApplication;
  let url: string;

  before(async () => {
    ({ app, url } = await startTestApi());
  });
  after(() => app.close());

  test('a token is shown once, authenticates, and stops working when revoked', async () => {
    const owner = new TestClient(url);
    const session = await owner.signup();
    const created = await owner.post('/api/account/tokens', { name: 'laptop' });
    assert.equal(created.status, 201);
    assert.match(created.body.token, /^pnl_/);
    assert.equal(created.body.prefix, created.body.token.slice(0, 10));

    const listed = await owner.get('/api/account/tokens');
    assert.equal(listed.body.length, 1);
    assert.equal(listed.body[0].token, undefined, 'the list never shows the token');

    const api = new TestClient(url);
    api.token = created.body.token;
    const me = await api.get('/api/account');
    assert.equal(me.status, 200);
    assert.equal(me.body.username, session.account.username);
    assert.equal((await api.post('/api/system-check', { pythonVersion: '3.11' })).status, 201, 'token requests need no CSRF token');

    assert.equal((await owner.delete(`/api/account/tokens/${created.body.id}`)).status, 204);
    const revoked = await api.get('/api/account');
    assert.equal(revoked.status, 401);
    assert.match(revoked.body.message, /Invalid or revoked API token/);
    assert.equal((await owner.get('/api/account/tokens')).body.length, 0);
  });

  test('bad tokens and malformed headers are 401', async () => {
    for (const authorization of ['Token nope', 'Token pnl_' + 'x'.repeat(32), 'Bearer abc', 'Token']) {
      const res = await new TestClient(url).request('GET', '/api/account', undefined, { authorization });
      assert.equal(res.status, 401, authorization);
    }
  });

  test("one account cannot revoke another's token", async () => {
    const a = new TestClient(url);
    await a.signup();
    const token = await a.post('/api/account/tokens', { name: 'a' });
    const b = new TestClient(url);
    await b.signup();
    assert.equal((await b.delete(`/api/account/tokens/${token.body.id}`)).status, 404);
    const api = new TestClient(url);
    api.token = token.body.token;
    assert.equal((await api.get('/api/account')).status, 200);
  });

  test('an empty token name is refused', async () => {
    const client = new TestClient(url);
    await client.signup();
    const res = await client.post('/api/account/tokens', { name: '  ' });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /needs a name/);
  });
});
