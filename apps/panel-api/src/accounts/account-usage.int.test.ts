import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { startTestApi, TestClient } from '../testing/test-api';

describe("an account's usage against its limits", () => {
  let app: INestApplication;
  let config: PanelConfig;
  let client: TestClient;

  before(async () => {
    let url: string;
    ({ app, url, config } = await startTestApi());
    client = new TestClient(url);
    await client.signup();
  });
  after(() => app?.close());

  test('reports the disk used of the quota, consoles of their limit and web apps, and grows with the home', async () => {
    const before = await client.get('/api/account/usage');
    assert.equal(before.status, 200, JSON.stringify(before.body));
    assert.equal(before.body.disk.quotaBytes, config.homeQuotaBytes);
    assert.deepEqual(before.body.consoles, { used: 0, limit: config.consoles.max });
    assert.deepEqual(before.body.webapps, { used: 0 });
    const username = (await client.get('/api/account')).body.username;
    await writeFile(join(config.homesDir, username, 'big.bin'), Buffer.alloc(1024 * 1024, 1));
    // Usage is cached for a few seconds; a write through the Files API invalidates it, a console's write waits.
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    const after = await client.get('/api/account/usage');
    assert.ok(after.body.disk.usedBytes >= before.body.disk.usedBytes + 1024 * 1024, JSON.stringify(after.body));
  });

  test('needs a session', async () => {
    const anonymous = new TestClient(client.url);
    assert.equal((await anonymous.get('/api/account/usage')).status, 401);
  });
});
