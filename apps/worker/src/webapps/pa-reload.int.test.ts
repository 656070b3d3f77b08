import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobView } from '@panel/contracts';
import { appRequest } from '../testing/app-http';
import { startTestPlatformWithAccount, TestClient, waitForJob } from '../testing/platform';

const FLASK_APP = (message: string) => `from flask import Flask
app = Flask(__name__)

@app.route("/")
def index():
    return "${message}"
`;

/**
 * PythonAnywhere's reload, as pythonanywhere-core's Webapp.reload() calls it (requests.post(url) with no body, then
 * `response.ok`, else the response's text in its exception): it answers only once the new version serves.
 */
describe("the PythonAnywhere API's reload waits for the new version", () => {
  let platform: Awaited<ReturnType<typeof startTestPlatformWithAccount>>['platform'];
  let client: TestClient;
  let username: string;
  let uid: number;
  let domain: string;
  let port: number;
  let token: string;

  before(async () => {
    ({ platform, client, username, uid, domain, port } = await startTestPlatformWithAccount());
    const created = await client.post('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await waitForJob(client, created.body.job.id)).status, 'succeeded');
    token = (await client.post('/api/account/tokens', { name: 'pa reload' })).body.token;
  });
  after(() => platform.close());

  async function writeApp(content: string) {
    const path = join(platform.config.homesDir, username, 'mysite', 'flask_app.py');
    await writeFile(path, content);
    await chown(path, uid, uid);
  }
  /** Exactly what Webapp.reload() sends: POST .../webapps/<domain>/reload/ with no body. */
  const paReload = () =>
    fetch(`${platform.url}/api/v0/user/${username}/webapps/${domain}/reload/`, { method: 'POST', headers: { authorization: `Token ${token}` } });

  test('20 times in a row: change the code, reload, and the very next request gets the new code', async () => {
    for (let i = 1; i <= 20; i++) {
      await writeApp(FLASK_APP(`version ${i}`));
      const res = await paReload();
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(((await res.json()) as { status: string }).status, 'OK');
      const served = await appRequest(port, domain);
      assert.equal(served.status, 200);
      assert.equal(served.body, `version ${i}`, `reload ${i}: the request right after it gets the new code`);
    }
  });

  test("a broken app's reload answers an error naming the traceback's last line and the error log; the old version keeps serving", async () => {
    await writeApp('import no_such_module_here\n');
    const res = await paReload();
    const text = await res.text();
    assert.ok(!res.ok, `${res.status} ${text}`);
    assert.notEqual(res.status, 409, 'Webapp.reload() reads a 409 as a missing CNAME');
    assert.equal(res.status, 422, text);
    const body = JSON.parse(text) as { code: string; message: string };
    assert.equal(body.code, 'WEBAPP_RELOAD_FAILED');
    assert.match(body.message, /Reload failed/);
    assert.match(body.message, /ModuleNotFoundError: No module named 'no_such_module_here'/);
    assert.ok(body.message.includes(`/var/log/${domain}.error.log`), body.message);
    assert.equal((await appRequest(port, domain)).body, 'version 20');

    await writeApp(FLASK_APP('fixed'));
    assert.equal((await paReload()).status, 200);
    assert.equal((await appRequest(port, domain)).body, 'fixed');
  });

  test("the app's real logs through the files API: get_log_info's tree, a log read, delete_log's DELETE empties it", async () => {
    const files = `${platform.url}/api/v0/user/${username}/files`;
    const headers = { authorization: `Token ${token}` };
    const tree = (await (await fetch(`${files}/tree/?path=/var/log/`, { headers })).json()) as string[];
    for (const kind of ['access', 'error', 'server']) assert.ok(tree.includes(`/var/log/${domain}.${kind}.log`), `${kind} log in ${JSON.stringify(tree)}`);
    const errorLog = await fetch(`${files}/path/var/log/${domain}.error.log`, { headers });
    assert.equal(errorLog.status, 200);
    assert.match(await errorLog.text(), /ModuleNotFoundError: No module named 'no_such_module_here'/);
    const wsgi = await fetch(`${files}/path/var/www/${domain.replace(/[.-]/g, '_')}_wsgi.py`, { headers });
    assert.equal(wsgi.status, 200);
    assert.match(await wsgi.text(), /application/);
    assert.equal((await fetch(`${files}/path/var/log/${domain}.error.log/`, { method: 'DELETE', headers })).status, 204);
    assert.equal(await (await fetch(`${files}/path/var/log/${domain}.error.log`, { headers })).text(), '');
    assert.equal((await appRequest(port, domain)).status, 200, 'the app still serves and logs');
  });

  test("the dashboard's reload stays non-blocking: it answers with the queued job", async () => {
    await writeApp(FLASK_APP('from the dashboard'));
    const job = await client.post<JobView>(`/api/webapps/${domain}/reload`);
    assert.equal(job.status, 201, JSON.stringify(job.body));
    assert.ok(['queued', 'running'].includes(job.body.status), job.body.status);
    assert.equal((await waitForJob(client, job.body.id)).status, 'succeeded');
    assert.equal((await appRequest(port, domain)).body, 'from the dashboard');
  });

  test("another account's reload of the domain is a 404 and reloads nothing", async () => {
    const other = new TestClient(platform.url);
    await other.signup();
    const otherToken = (await other.post('/api/account/tokens', { name: 'x' })).body.token;
    const res = await fetch(`${platform.url}/api/v0/user/${username}/webapps/${domain}/reload/`, { method: 'POST', headers: { authorization: `Token ${otherToken}` } });
    assert.equal(res.status, 404);
  });
});
