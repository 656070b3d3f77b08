import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chown, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runtimeImageFor } from '@panel/contracts';
import { appRequest } from '../testing/app-http';
import { startTestPlatformWithAccount, TestClient, waitForJob } from '../testing/platform';

const STARLETTE_APP = (message: string) => `from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def index(request):
    return PlainTextResponse("${message}")

app = Starlette(routes=[Route("/", index)])
`;

/** Whether the runtime image's wheelhouse has uvicorn and Starlette (issue 17 puts them there). */
function wheelhouseHasAsgi(): boolean {
  try {
    const wheels = execFileSync('docker', ['run', '--rm', runtimeImageFor('3.11'), 'ls', '/usr/share/pip-wheels'], { encoding: 'utf8', timeout: 60_000 }).toLowerCase();
    return wheels.includes('uvicorn') && wheels.includes('starlette');
  } catch {
    return false;
  }
}

const skip = wheelhouseHasAsgi() ? false : 'the runtime image has no uvicorn and Starlette wheels yet';

/**
 * What PythonAnywhere's help page shows for websites: a Starlette app served by uvicorn on $DOMAIN_SOCKET, from a
 * virtualenv built offline from the image's wheelhouse, created and reloaded with the client's exact requests.
 */
describe('API v1 websites: an ASGI app (uvicorn and Starlette) from a virtualenv', { skip }, () => {
  let platform: Awaited<ReturnType<typeof startTestPlatformWithAccount>>['platform'];
  let username: string;
  let uid: number;
  let domain: string;
  let port: number;
  let token: string;
  let base: string;

  before(async () => {
    let client: TestClient;
    ({ platform, client, username, uid, domain, port } = await startTestPlatformWithAccount());
    token = (await client.post('/api/account/tokens', { name: 'asgi' })).body.token;
    base = `${platform.url}/api/v1/user/${username}/websites/`;
    const env = await client.post('/api/environments', { name: 'asgi', pythonVersion: '3.11', requirements: 'uvicorn\nstarlette\n' });
    assert.equal(env.status, 201, JSON.stringify(env.body));
    assert.equal((await waitForJob(client, env.body.job.id)).status, 'succeeded');
    const site = join(platform.config.homesDir, username, 'site');
    await mkdir(site, { recursive: true });
    await chown(site, uid, uid);
  });
  after(() => platform?.close());

  let edits = 0;
  async function writeApp(message: string) {
    const path = join(platform.config.homesDir, username, 'site', 'main.py');
    await writeFile(path, STARLETTE_APP(message));
    await chown(path, uid, uid);    // Python trusts a cached .pyc while the source's mtime (in whole seconds) and size are unchanged: versions
    // written within one second at the same length would otherwise run the old code. Each edit gets its own second.
    edits++;
    const at = Math.floor(Date.now() / 1000) + edits * 2;
    await utimes(path, at, at);
  }
  const headers = () => ({ authorization: `Token ${token}` });

  test('uvicorn serves the Starlette app through the edge, and reloads under a request loop fail no request', async () => {
    await writeApp('version 0');
    const command = `/home/${username}/.virtualenvs/asgi/bin/uvicorn --uds $DOMAIN_SOCKET --app-dir /home/${username}/site main:app`;
    const created = await fetch(base, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify({ domain_name: domain, enabled: true, webapp: { command } }) });
    assert.equal(created.status, 201, await created.clone().text());
    const deadline = Date.now() + 60_000;
    while ((await appRequest(port, domain).catch(() => null))?.body !== 'version 0') {
      if (Date.now() > deadline) assert.fail('uvicorn did not serve version 0 within 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    const tally = { ok: 0, failed: [] as string[] };
    let running = true;
    const loop = (async () => {
      while (running) {
        const res = await appRequest(port, domain).catch((error: Error) => ({ status: 0, body: error.message }));
        if (res.status === 200 && res.body.startsWith('version ')) tally.ok++;
        else tally.failed.push(`${res.status} ${res.body.slice(0, 80)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    try {
      for (let i = 1; i <= 3; i++) {
        await writeApp(`version ${i}`);
        const res = await fetch(`${base}${domain}/reload/`, { method: 'POST', headers: headers() });
        assert.equal(res.status, 200, await res.clone().text());
        assert.equal((await appRequest(port, domain)).body, `version ${i}`);
      }
    } finally {
      running = false;
      await loop;
    }
    assert.deepEqual(tally.failed, []);
    assert.ok(tally.ok > 10, `the loop made ${tally.ok} requests`);
  });
});
