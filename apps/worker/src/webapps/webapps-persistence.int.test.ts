import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { startTestApi, TestClient } from '@panel/panel-api/testing';
import { mkdir, rename, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { appRequest } from '../testing/app-http';
import { waitForJob } from '../testing/platform';
import { startTestWorker } from '../testing/test-worker';

/** Requests the app in a loop until stopped, counting answers that are not the expected page. */
function keepRequesting(port: number, domain: string, expected: string) {
  const tally = { ok: 0, failed: 0, failures: [] as string[] };
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await appRequest(port, domain).catch((error: Error) => ({ status: 0, body: error.message }));
      if (res.status === 200 && res.body === expected) tally.ok++;
      else {
        tally.failed++;
        if (tally.failures.length < 5) tally.failures.push(`${res.status} ${res.body.slice(0, 80)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    tally,
    async stop() {
      running = false;
      await loop;
      return tally;
    },
  };
}

async function servedWithin(port: number, domain: string, expected: string, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await appRequest(port, domain).catch(() => null);
    if (res?.status === 200 && res.body === expected) return;
    assert.ok(Date.now() < deadline, `${what} (last answer: ${res ? `${res.status} ${res.body.slice(0, 80)}` : 'none'})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('hosted apps keep serving across restarts of panel-api, the worker and Caddy', () => {
  let api: INestApplication;
  let apiUrl: string;
  let worker: INestApplicationContext;
  let config: PanelConfig;
  let client: TestClient;
  let domain: string;
  let webappId: number;

  before(async () => {
    ({ app: api, url: apiUrl, config } = await startTestApi());
    ({ worker } = await startTestWorker());
    client = new TestClient(apiUrl);
    const username = (await client.signup()).account.username;
    domain = `${username}.${config.appsDomain}`;
    const created = await client.post('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await waitForJob(client, created.body.job.id)).status, 'succeeded');
    webappId = created.body.webapp.id;
    await servedWithin(config.appsPort, domain, 'Hello from Flask!', 10_000, 'the new app is served');
  });
  after(async () => {
    await worker?.close();
    await api?.close();
  });

  test('while the worker and panel-api are down and start again, every request is answered by the app', async () => {
    const load = keepRequesting(config.appsPort, domain, 'Hello from Flask!');
    await worker.close();
    await api.close();
    await new Promise((r) => setTimeout(r, 1_500));
    ({ worker } = await startTestWorker());
    ({ app: api, url: apiUrl } = await startTestApi());
    client = Object.assign(new TestClient(apiUrl), { cookie: client.cookie, csrf: client.csrf });
    await new Promise((r) => setTimeout(r, 1_500));
    const tally = await load.stop();
    assert.ok(tally.ok > 50, `requests were made (${tally.ok})`);
    assert.equal(tally.failed, 0, tally.failures.join('; '));
    assert.equal((await client.get(`/api/webapps/${domain}`)).body.status, 'running');
  });

  test('Caddy restarted without its config: the worker loads the routes again', async () => {
    // What a Caddy started afresh holds: only its admin endpoint. The worker checks its marker route every 5 s.
    const fresh = JSON.stringify({ admin: { listen: new URL(config.caddyAdminUrl).host } });
    const emptied = await fetch(`${config.caddyAdminUrl}/load`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fresh });
    assert.equal(emptied.status, 200);
    const gone = await appRequest(config.appsPort, domain).catch(() => null);
    assert.notEqual(gone?.body, 'Hello from Flask!', 'the routes were really gone');
    await servedWithin(config.appsPort, domain, 'Hello from Flask!', 15_000, 'the app is served again after Caddy lost its config');
  });

  test('a running container that does not answer where Caddy reaches it (an older version\'s) is replaced at start', async () => {
    await worker.close();
    // Point `current` at an empty slot: the container runs, but Caddy reaches nothing, as with a container made by a
    // platform version that listened elsewhere.
    const appDir = join(config.runtimeDir, 'sockets', String(webappId));
    await mkdir(join(appDir, 'elsewhere'));
    await symlink('elsewhere', join(appDir, '.current-test'));
    await rename(join(appDir, '.current-test'), join(appDir, 'current'));
    assert.equal((await appRequest(config.appsPort, domain)).status, 502);
    ({ worker } = await startTestWorker());
    await servedWithin(config.appsPort, domain, 'Hello from Flask!', 30_000, 'the app was reloaded by the worker at start');
  });
});
