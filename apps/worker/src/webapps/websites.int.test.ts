import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appRequest } from '../testing/app-http';
import { startTestPlatformWithAccount, TestClient } from '../testing/platform';

const WSGI_APP = (message: string) => `def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"${message}"]
`;

interface PaWebsite {
  id: number;
  user: string;
  domain_name: string;
  enabled: boolean;
  webapp: { id: number; command: string; domains: { domain_name: string; enabled: boolean }[] };
  logfiles: { access: string; error: string; server: string };
}

/** Requests the site in a loop until stopped, counting every answer that is not a 200 from one of its versions. */
function keepRequesting(port: number, domain: string) {
  const tally = { ok: 0, failed: 0, failures: [] as string[] };
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await appRequest(port, domain).catch((error: Error) => ({ status: 0, body: error.message }));
      if (res.status === 200 && res.body.startsWith('version ')) tally.ok++;
      else {
        tally.failed++;
        if (tally.failures.length < 5) tally.failures.push(`${res.status} ${res.body.slice(0, 80)}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return tally;
    },
  };
}

/**
 * PythonAnywhere's API v1 websites, with exactly the requests pythonanywhere_core.website.Website makes: create is a
 * JSON POST of {domain_name, enabled, webapp: {command}} to .../websites/ (201), get/list/delete on the trailing-slash
 * paths, reload a POST with no body to .../websites/<domain>/reload/. The site runs the account's own command on
 * $DOMAIN_SOCKET, reached through this node's Caddy.
 */
describe('API v1 websites: a domain served by your own command', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatformWithAccount>>['platform'];
  let client: TestClient;
  let username: string;
  let uid: number;
  let domain: string;
  let port: number;
  let token: string;
  let base: string;
  let command: string;

  before(async () => {
    ({ platform, client, username, uid, domain, port } = await startTestPlatformWithAccount());
    token = (await client.post('/api/account/tokens', { name: 'websites' })).body.token;
    base = `${platform.url}/api/v1/user/${username}/websites/`;
    const site = join(platform.config.homesDir, username, 'site');
    await mkdir(site, { recursive: true });
    await chown(site, uid, uid);
    await writeApp(WSGI_APP('version 0'));
    command = `gunicorn --chdir /home/${username}/site --bind unix:$DOMAIN_SOCKET --access-logfile - app:application`;
  });
  after(() => platform.close());

  let edits = 0;
  async function writeApp(content: string) {
    const path = join(platform.config.homesDir, username, 'site', 'app.py');
    await writeFile(path, content);
    await chown(path, uid, uid);    // Python trusts a cached .pyc while the source's mtime (in whole seconds) and size are unchanged: versions
    // written within one second at the same length would otherwise run the old code. Each edit gets its own second.
    edits++;
    const at = Math.floor(Date.now() / 1000) + edits * 2;
    await utimes(path, at, at);
  }
  const headers = (t = token) => ({ authorization: `Token ${t}` });
  const jsonHeaders = (t = token) => ({ ...headers(t), 'content-type': 'application/json' });
  /** Website.create(): requests.post(url, json=...). */
  const create = (body: unknown, t = token) => fetch(base, { method: 'POST', headers: jsonHeaders(t), body: JSON.stringify(body) });
  /** Website.reload(): requests.post(url) with no body. */
  const reload = (t = token, d = domain) => fetch(`${base}${d}/reload/`, { method: 'POST', headers: headers(t) });

  async function servedWithin(expected: string, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await appRequest(port, domain).catch(() => null);
      if (res?.status === 200 && res.body === expected) return;
      if (Date.now() > deadline) assert.fail(`${domain} did not serve "${expected}" within ${timeoutMs} ms (last: ${res?.status} ${res?.body.slice(0, 80)})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  test('create answers 201 with the website as PythonAnywhere shapes it, and the command serves the domain through the edge', async () => {
    const res = await create({ domain_name: domain, enabled: true, webapp: { command } });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    const site = JSON.parse(text) as PaWebsite;
    assert.equal(site.user, username);
    assert.equal(site.domain_name, domain);
    assert.equal(site.enabled, true);
    assert.equal(typeof site.id, 'number');
    assert.equal(site.webapp.id, site.id);
    assert.equal(site.webapp.command, command);
    assert.deepEqual(site.webapp.domains, [{ domain_name: domain, enabled: true }]);
    assert.deepEqual(site.logfiles, { access: `/var/log/${domain}.access.log`, error: `/var/log/${domain}.error.log`, server: `/var/log/${domain}.server.log` });
    await servedWithin('version 0', 60_000);
  });

  test('get and list answer the same website; a second create of the domain is the 400 the client recognises', async () => {
    const got = (await (await fetch(`${base}${domain}/`, { headers: headers() })).json()) as PaWebsite;
    assert.equal(got.domain_name, domain);
    assert.equal(got.webapp.command, command);
    const list = (await (await fetch(base, { headers: headers() })).json()) as PaWebsite[];
    assert.deepEqual(list.map((s) => s.domain_name), [domain]);
    const again = await create({ domain_name: domain, enabled: true, webapp: { command } });
    assert.equal(again.status, 400);
    assert.ok((await again.text()).includes('domain with this domain name already exists'));
  });

  test('reload answers once the new code serves; under a request loop no request fails across 5 reloads', async () => {
    const loop = keepRequesting(port, domain);
    try {
      for (let i = 1; i <= 5; i++) {
        await writeApp(WSGI_APP(`version ${i}`));
        const res = await reload();
        assert.equal(res.status, 200, await res.clone().text());
        assert.equal(((await res.json()) as { status: string }).status, 'OK');
        const served = await appRequest(port, domain);
        assert.equal(served.body, `version ${i}`, `reload ${i}: the request right after it gets the new code`);
      }
    } finally {
      const tally = await loop.stop();
      assert.equal(tally.failed, 0, `failed requests: ${tally.failures.join('; ')}`);
      assert.ok(tally.ok > 20, `the loop made ${tally.ok} requests`);
    }
  });

  test("the command's output is in the site's logs: stdout in the server log (gunicorn's access lines), stderr in the error log", async () => {
    const logDir = join(platform.config.dataDir, 'log', username);
    const server = await readFile(join(logDir, `${domain}.server.log`), 'utf8');
    assert.match(server, /"GET \/ HTTP\/1\.1" 200/);
    const error = await readFile(join(logDir, `${domain}.error.log`), 'utf8');
    assert.match(error, /Listening at: unix:\/run\/panel\/app\.sock/);
    assert.ok(error.includes(`[panel] starting: ${command}`), error.slice(-400));
    const viaApi = await fetch(`${platform.url}/api/v0/user/${username}/files/path/var/log/${domain}.error.log`, { headers: headers() });
    assert.equal(viaApi.status, 200);
    assert.match(await viaApi.text(), /Listening at/);
  });

  test('the Web tab shows the website with its command, and PATCH of the command takes effect at the next reload', async () => {
    const view = await client.get<{ domain: string; command: string | null }[]>('/api/webapps');
    assert.equal(view.body.find((a) => a.domain === domain)?.command, command);
    const newCommand = command.replace('--access-logfile -', '--access-logfile - --workers 2');
    const patched = await fetch(`${base}${domain}/`, { method: 'PATCH', headers: jsonHeaders(), body: JSON.stringify({ webapp: { command: newCommand } }) });
    assert.equal(patched.status, 200, await patched.clone().text());
    assert.equal(((await patched.json()) as PaWebsite).webapp.command, newCommand);
    await writeApp(WSGI_APP('version patched'));
    assert.equal((await reload()).status, 200);
    assert.equal((await appRequest(port, domain)).body, 'version patched');
    const dashboard = await client.request('PATCH', `/api/webapps/${domain}`, { command });
    assert.equal(dashboard.status, 200, JSON.stringify(dashboard.body));
    assert.equal(((await (await fetch(`${base}${domain}/`, { headers: headers() })).json()) as PaWebsite).webapp.command, command);
  });

  test('a command that does not serve fails its reload with an error naming the error log; the previous version keeps serving', async () => {
    const patched = await fetch(`${base}${domain}/`, { method: 'PATCH', headers: jsonHeaders(), body: JSON.stringify({ webapp: { command: 'python3 -c "import no_such_module_here"' } }) });
    assert.equal(patched.status, 200);
    const res = await reload();
    const text = await res.text();
    assert.equal(res.status, 422, text);
    assert.ok(text.includes(`/var/log/${domain}.error.log`), text);
    assert.match(text, /No module named 'no_such_module_here'/);
    assert.equal((await appRequest(port, domain)).body, 'version patched');
    await fetch(`${base}${domain}/`, { method: 'PATCH', headers: jsonHeaders(), body: JSON.stringify({ webapp: { command } }) });
    assert.equal((await reload()).status, 200);
  });

  test("another account gets 404 for the website on every verb, learns nothing, and changes nothing", async () => {
    const other = new TestClient(platform.url);
    const otherSession = await other.signup();
    const otherToken = (await other.post('/api/account/tokens', { name: 'x' })).body.token;
    const theirs = `${platform.url}/api/v1/user/${otherSession.account.username}/websites/`;
    const mine = `${base}${domain}/`;
    for (const [method, url] of [['GET', mine], ['PATCH', mine], ['DELETE', mine], ['POST', `${mine}reload/`], ['GET', `${theirs}${domain}/`], ['DELETE', `${theirs}${domain}/`], ['POST', `${theirs}${domain}/reload/`]] as const) {
      const res = await fetch(url, { method, headers: jsonHeaders(otherToken), body: method === 'PATCH' ? JSON.stringify({ webapp: { command: 'true' } }) : undefined });
      const text = await res.text();
      assert.equal(res.status, 404, `${method} ${url}: ${text}`);
      assert.ok(!text.includes(command) && !text.includes('gunicorn'), `${method} ${url} reveals nothing: ${text}`);
    }
    assert.deepEqual(await (await fetch(theirs, { headers: headers(otherToken) })).json(), []);
    const claim = await fetch(theirs, { method: 'POST', headers: jsonHeaders(otherToken), body: JSON.stringify({ domain_name: domain, enabled: true, webapp: { command: 'true' } }) });
    assert.equal(claim.status, 400, 'a domain under the apps domain that is not its own is refused');
    assert.equal(((await (await fetch(mine, { headers: headers() })).json()) as PaWebsite).webapp.command, command);
    assert.equal((await appRequest(port, domain)).status, 200);
  });

  test('bad input is a 400 that creates nothing: empty, over-long or multi-line command, bad or platform domains, no webapp', async () => {
    const longCommand = `gunicorn ${'x'.repeat(4100)}`;
    const cases: unknown[] = [
      { domain_name: 'site.example.org', enabled: true, webapp: { command: '' } },
      { domain_name: 'site.example.org', enabled: true, webapp: { command: '   ' } },
      { domain_name: 'site.example.org', enabled: true, webapp: { command: longCommand } },
      { domain_name: 'site.example.org', enabled: true, webapp: { command: 'gunicorn app:application\nrm -rf ~' } },
      { domain_name: 'site.example.org', enabled: true },
      { domain_name: 'not a domain', enabled: true, webapp: { command } },
      { domain_name: '127.0.0.1', enabled: true, webapp: { command } },
      { domain_name: 'localhost', enabled: true, webapp: { command } },
      { domain_name: `someone-else.${platform.config.appsDomain}`, enabled: true, webapp: { command } },
      { domain_name: platform.config.appsDomain, enabled: true, webapp: { command } },
      { enabled: true, webapp: { command } },
    ];
    for (const body of cases) {
      const res = await create(body);
      const text = await res.text();
      assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 120)}: ${text}`);
    }
    const patch = await fetch(`${base}${domain}/`, { method: 'PATCH', headers: jsonHeaders(), body: JSON.stringify({ webapp: { command: '' } }) });
    assert.equal(patch.status, 400);
    const list = (await (await fetch(base, { headers: headers() })).json()) as PaWebsite[];
    assert.deepEqual(list.map((s) => [s.domain_name, s.webapp.command]), [[domain, command]]);
  });

  test('delete answers 204; the website is gone from the API and the edge', async () => {
    const res = await fetch(`${base}${domain}/`, { method: 'DELETE', headers: headers() });
    assert.equal(res.status, 204);
    assert.equal((await fetch(`${base}${domain}/`, { headers: headers() })).status, 404);
    assert.deepEqual(await (await fetch(base, { headers: headers() })).json(), []);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const served = await appRequest(port, domain).catch(() => null);
      if (served && served.status !== 200) break;
      if (Date.now() > deadline) assert.fail(`${domain} still serves after the delete`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });
});
