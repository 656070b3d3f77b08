import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { startTestApi, TestClient } from '../testing/test-api';

describe('PythonAnywhere API rate limits (per token and endpoint, 429 with Retry-After)', () => {
  let app: INestApplication;
  let url: string;
  let username: string;
  let token: string;
  let secondToken: string;

  before(async () => {
    ({ app, url } = await startTestApi({ PANEL_PA_RATE_LIMIT_PER_MINUTE: '5', PANEL_PA_SEND_INPUT_RATE_LIMIT_PER_MINUTE: '8', PANEL_PA_RATE_WINDOW_SECONDS: '2' }));
    const client = new TestClient(url);
    username = (await client.signup()).account.username;
    token = (await client.post('/api/account/tokens', { name: 'rate 1' })).body.token;
    secondToken = (await client.post('/api/account/tokens', { name: 'rate 2' })).body.token;
  });
  after(async () => {
    await app?.close();
  });

  const get = (path: string, as = token) => fetch(`${url}/api/v0/user/${username}/${path}`, { headers: { authorization: `Token ${as}` } });

  test('the request over the limit is a 429 with Retry-After and the reason; other endpoints and tokens are not affected; the next window answers again', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await get('cpu/')).status, 200, `request ${i + 1}`);
    const refused = await get('cpu/');
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 2, `Retry-After ${retryAfter}`);
    const body = (await refused.json()) as { message: string; detail: string };
    assert.match(body.message, /throttled.*Expected available in \d+ seconds/);
    assert.equal(body.detail, body.message);
    // Another endpoint, and another token of the same account, have their own counts.
    assert.equal((await get('default_python_version/')).status, 200);
    assert.equal((await get('cpu/', secondToken)).status, 200);
    await sleep(retryAfter * 1000 + 200);
    assert.equal((await get('cpu/')).status, 200, 'the next window answers again');
  });

  test('send_input has its own, higher limit', async () => {
    const send = () =>
      fetch(`${url}/api/v0/user/${username}/consoles/999999/send_input/`, {
        method: 'POST',
        headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ input: 'x' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await send()).status);
    assert.deepEqual(statuses.slice(0, 8).filter((s) => s === 429), [], `8 are allowed: ${statuses.join(',')}`);
    assert.equal(statuses[8], 429);
  });

  test("another account's path is a 404, whatever the count", async () => {
    for (let i = 0; i < 7; i++) assert.equal((await get('cpu/').then(() => fetch(`${url}/api/v0/user/someoneelse/cpu/`, { headers: { authorization: `Token ${token}` } }))).status, 404);
  });
});
