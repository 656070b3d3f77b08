import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chown, lstat, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConsoleView, JobView, WebAppView } from '@panel/contracts';
import { appRequest } from '../testing/app-http';
import { engineOf, runtimeOf } from '../testing/engine';
import { ConsoleSocket } from '../testing/console-socket';
import { startTestPlatform, TestClient, waitForJob } from '../testing/platform';

const run = promisify(execFile);

const FLASK_APP = (message: string, moreRoutes = '') => `from flask import Flask, request
app = Flask(__name__)

@app.route("/")
def index():
    print("served index")
    return "${message}"

@app.route("/boom")
def boom():
    raise ValueError("kaboom from the test")
${moreRoutes}`;

const SPAM_ROUTE = `
@app.route("/spam")
def spam():
    for i in range(3000):
        print("spam line %04d " % i + "x" * 100)
    return "spammed"
`;

describe('web apps: create, reload, serve, logs, protection, static files', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let client: TestClient;
  let username: string;
  let uid: number;
  let domain: string;
  let port: number;

  before(async () => {
    // Logs rotate past 256 KiB, checked every second: the rotation test crosses it; the other tests stay far below.
    // The operator allows *.example.test, so the extra-domain tests route without DNS.
    platform = await startTestPlatform({ PANEL_WEBAPP_LOG_MAX_MB: '0.25', PANEL_WEBAPP_LOG_CHECK_SECONDS: '1', PANEL_CUSTOM_DOMAINS: '*.example.test' });
    port = platform.config.appsPort;
    client = new TestClient(platform.url);
    const session = await client.signup();
    username = session.account.username;
    uid = session.account.uid;
    domain = `${username}.${platform.config.appsDomain}`;
  });
  after(() => platform.close());

  const home = () => join(platform.config.homesDir, username);
  async function writeUserFile(relative: string, content: string) {
    const path = join(home(), relative);
    await mkdir(join(path, '..'), { recursive: true });
    await chown(join(path, '..'), uid, uid);
    await writeFile(path, content);
    await chown(path, uid, uid);
  }
  async function reload(): Promise<JobView> {
    const job = await client.post<JobView>(`/api/webapps/${domain}/reload`);
    assert.equal(job.status, 201, JSON.stringify(job.body));
    return waitForJob(client, job.body.id);
  }

  test('a Flask quickstart app is created, reloaded and served through Caddy', async () => {
    const created = await client.post('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.webapp.domain, domain);
    assert.equal(created.body.webapp.sourceDirectory, `/home/${username}/mysite`);
    const job = await waitForJob(client, created.body.job.id);
    assert.equal(job.status, 'succeeded', job.error ?? '');
    const res = await appRequest(port, domain);
    assert.equal(res.status, 200);
    assert.equal(res.body, 'Hello from Flask!');
    const view = (await client.get<WebAppView>(`/api/webapps/${domain}`)).body;
    assert.equal(view.status, 'running');
  });

  test('changed code is served after a reload; print() goes to the server log, errors to the error log', async () => {
    await writeUserFile('mysite/flask_app.py', FLASK_APP('version two'));
    assert.equal((await reload()).status, 'succeeded');
    assert.equal((await appRequest(port, domain)).body, 'version two');

    const boom = await appRequest(port, domain, '/boom');
    assert.equal(boom.status, 500);
    assert.match(boom.body, /Something went wrong/);
    assert.match(boom.body, new RegExp(`/var/log/${domain}.error.log`));
    await new Promise((r) => setTimeout(r, 300));
    const errorLog = (await client.get(`/api/webapps/${domain}/logs/error`)).body.text as string;
    assert.match(errorLog, /ValueError: kaboom from the test/);
    const serverLog = (await client.get(`/api/webapps/${domain}/logs/server`)).body.text as string;
    assert.match(serverLog, /served index/);
    const accessLog = (await client.get(`/api/webapps/${domain}/logs/access`)).body.text as string;
    assert.match(accessLog, /"GET \/boom HTTP\/1.1" 500/);
    assert.match(accessLog, /^\S+ - - \[\d\d\/\w+\/\d{4}:[\d:]+ [+-]\d{4}\] "GET/m, 'one pair of brackets around the time');
    assert.doesNotMatch(accessLog, /" 204 /, 'the readiness probes are not in the access log');
    const onDisk = await readFile(join(platform.config.webLogsDir, username, `${domain}.error.log`), 'utf8');
    assert.match(onDisk, /kaboom/, 'the logs are files the user can read');
  });

  test('broken code fails the reload with the traceback in the error log, and the old version keeps serving', async () => {
    await writeUserFile('mysite/flask_app.py', 'import no_such_module_here\n');
    const job = await reload();
    assert.equal(job.status, 'failed');
    assert.match(job.error!, /Reload failed/);
    assert.match(job.error!, /previous version keeps serving/);
    assert.equal((await appRequest(port, domain)).body, 'version two');
    const errorLog = (await client.get(`/api/webapps/${domain}/logs/error`)).body.text as string;
    assert.match(errorLog, /ModuleNotFoundError: No module named 'no_such_module_here'/);
    const view = (await client.get<WebAppView>(`/api/webapps/${domain}`)).body;
    assert.equal(view.status, 'running');
    assert.match(view.lastReloadError!, /Reload failed/);
    await writeUserFile('mysite/flask_app.py', FLASK_APP('version three'));
    assert.equal((await reload()).status, 'succeeded');
    assert.equal((await appRequest(port, domain)).body, 'version three');
  });

  test('touching the WSGI file reloads the app', async () => {
    await writeUserFile('mysite/flask_app.py', FLASK_APP('touched'));
    const wsgi = (await client.get(`/api/webapps/${domain}/wsgi`)).body;
    assert.equal(wsgi.path, `/var/www/${domain.replace(/[.-]/g, '_')}_wsgi.py`);
    assert.match(wsgi.content, /from flask_app import app as application/);
    assert.equal((await client.request('PUT', `/api/webapps/${domain}/wsgi`, { content: wsgi.content + '\n# touched\n' })).status, 200);
    const deadline = Date.now() + 30_000;
    while ((await appRequest(port, domain)).body !== 'touched') {
      assert.ok(Date.now() < deadline, 'the app reloaded after its WSGI file changed');
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  test('in a bash console the logs are files under /var/log and touching the WSGI file in /var/www reloads the app', async () => {
    await writeUserFile('mysite/flask_app.py', FLASK_APP('touched in a console'));
    const created = await client.post<ConsoleView>('/api/consoles', { kind: 'bash' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const socket = await ConsoleSocket.open(platform.url, created.body.id, { cookie: client.cookie });
    try {
      await socket.waitFor(/~ \$ $/m);
      // Markers are computed by bash, so the echo of the typed command does not match them.
      let mark = socket.mark();
      socket.type(`printf 'access=%s error=%s\\n' "$(grep -c '"GET / HTTP/1.1" 200' /var/log/${domain}.access.log)" "$(grep -c kaboom /var/log/${domain}.error.log)"\r`);
      await socket.waitFor(/access=[1-9]\d* error=[1-9]\d*/, mark);
      mark = socket.mark();
      socket.type(`touch /var/www/${domain.replace(/[.-]/g, '_')}_wsgi.py && echo touched-$((40+2))\r`);
      await socket.waitFor('touched-42', mark);
    } finally {
      await socket.close();
    }
    const deadline = Date.now() + 30_000;
    while ((await appRequest(port, domain)).body !== 'touched in a console') {
      assert.ok(Date.now() < deadline, 'the app reloaded after its WSGI file was touched in a console');
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  test('a symlink or FIFO put in place of a log is never followed by the platform, and the next reload replaces it', async () => {
    const secret = join(platform.config.dataDir, 'not-for-accounts.txt');
    await writeFile(secret, 'platform secret\n');
    const logDir = join(platform.config.webLogsDir, username);
    await rm(join(logDir, `${domain}.error.log`));
    await symlink(secret, join(logDir, `${domain}.error.log`));
    await rm(join(logDir, `${domain}.server.log`));
    execFileSync('mkfifo', [join(logDir, `${domain}.server.log`)]);
    const errorLog = await client.get(`/api/webapps/${domain}/logs/error`);
    assert.equal(errorLog.status, 200);
    assert.doesNotMatch(errorLog.body.text, /platform secret/);
    assert.equal((await client.get(`/api/webapps/${domain}/logs/server`)).body.text, '', 'a FIFO does not block the log view');
    assert.equal((await reload()).status, 'succeeded');
    assert.equal(await readFile(secret, 'utf8'), 'platform secret\n');
    for (const kind of ['error', 'server']) {
      assert.ok((await lstat(join(logDir, `${domain}.${kind}.log`))).isFile(), `${kind} log is a file again`);
    }
  });

  test('reloads pressed in a row never run at once: a queued one is superseded, the last code is served', async () => {
    await writeUserFile('mysite/flask_app.py', FLASK_APP('after three presses'));
    const jobs: JobView[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await client.post<JobView>(`/api/webapps/${domain}/reload`);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      jobs.push(res.body);
    }
    const finished = await Promise.all(jobs.map((job) => waitForJob(client, job.id)));
    assert.equal(finished.at(-1)!.status, 'succeeded', finished.at(-1)!.error ?? '');
    assert.ok(finished.slice(1, -1).every((job) => job.status === 'cancelled'), `the middle press was superseded: ${finished.map((j) => j.status).join(', ')}`);
    const ran = finished.filter((job) => job.startedAt && job.finishedAt).map((job) => [Date.parse(job.startedAt!), Date.parse(job.finishedAt!)]);
    ran.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ran.length; i++) assert.ok(ran[i][0] >= ran[i - 1][1], 'one reload started only after the previous one finished');
    assert.equal((await appRequest(port, domain)).body, 'after three presses');
  });

  test('password protection answers 401 without and 200 with the credentials', async () => {
    const patch = await client.request('PATCH', `/api/webapps/${domain}`, { passwordProtection: { enabled: true, username: 'visitor', password: 'let me in' } });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    assert.equal((await reload()).status, 'succeeded');
    assert.equal((await appRequest(port, domain)).status, 401);
    const auth = `Basic ${Buffer.from('visitor:let me in').toString('base64')}`;
    const wrong = `Basic ${Buffer.from('visitor:nope').toString('base64')}`;
    assert.equal((await appRequest(port, domain, '/', { headers: { authorization: wrong } })).status, 401);
    const ok = await appRequest(port, domain, '/', { headers: { authorization: auth } });
    assert.equal(ok.status, 200);
    await client.request('PATCH', `/api/webapps/${domain}`, { passwordProtection: { enabled: false } });
    assert.equal((await reload()).status, 'succeeded');
    assert.equal((await appRequest(port, domain)).status, 200);
  });

  test("an app that points its socket at another account's app reaches nothing of it, and a restarted container serves again", async () => {
    const victim = new TestClient(platform.url);
    const victimSession = await victim.signup();
    const victimDomain = `${victimSession.account.username}.${platform.config.appsDomain}`;
    const made = await victim.post('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal((await waitForJob(victim, made.body.job.id)).status, 'succeeded');
    const protect = await victim.request('PATCH', `/api/webapps/${victimDomain}`, { passwordProtection: { enabled: true, username: 'v', password: 'victim secret' } });
    assert.equal(protect.status, 200);
    const protectReload = await victim.post(`/api/webapps/${victimDomain}/reload`);
    assert.equal((await waitForJob(victim, protectReload.body.id)).status, 'succeeded');
    assert.equal((await appRequest(port, victimDomain)).status, 401);

    const victimId = made.body.webapp.id as number;
    const hijack = `
import os
@app.route("/hijack")
def hijack():
    target = request.args["target"]
    os.symlink(target, "/run/panel/.swap")
    os.replace("/run/panel/.swap", "/run/panel/app.sock")
    return "swapped"
`;
    await writeUserFile('mysite/flask_app.py', FLASK_APP('attacker app', hijack));
    assert.equal((await reload()).status, 'succeeded');
    // The old layout's path, the new layout's path, and the Docker socket.
    for (const target of [`../../${victimId}/current/app.sock`, `../../${victimId}/current`, '/var/run/docker.sock']) {
      const swapped = await appRequest(port, domain, `/hijack?target=${encodeURIComponent(target)}`);
      assert.equal(swapped.body, 'swapped', `the app could replace its socket's name (${target})`);
      for (let i = 0; i < 5; i++) {
        const res = await appRequest(port, domain);
        assert.equal(res.status, 200, `the attacker's domain still reaches the attacker's own app (${target})`);
        assert.equal(res.body, 'attacker app');
      }
      const post = await appRequest(port, domain, '/', { method: 'POST', body: 'x=1' });
      assert.notEqual(post.body, 'Hello from Flask!', "a POST never reaches the victim's app");
    }
    assert.equal((await appRequest(port, victimDomain)).status, 401, "the victim's app is still behind its password");

    // Docker restarts the container (gunicorn binds a fresh socket): the platform checks it and links it again.
    const view = (await client.get<WebAppView>(`/api/webapps/${domain}`)).body;
    const [container] = await runtimeOf(platform.worker).list({ kind: 'webapp', webappId: view.id });
    await run('docker', ['restart', '-t', '1', container.id]);
    const deadline = Date.now() + 30_000;
    let body = '';
    while (Date.now() < deadline && body !== 'attacker app') {
      body = (await appRequest(port, domain).catch(() => ({ body: '' }))).body;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(body, 'attacker app', 'the restarted container serves again');
    await writeUserFile('mysite/flask_app.py', FLASK_APP('version after hijack'));
    assert.equal((await reload()).status, 'succeeded');
    assert.equal((await victim.request('DELETE', `/api/webapps/${victimDomain}`)).status, 204);
  });

  test('a static file mapping serves files from the home', async () => {
    await writeUserFile('mysite/static/style.css', 'body { color: green; }\n');
    const mapping = await client.post(`/api/webapps/${domain}/static_files`, { url: '/static/', path: `/home/${username}/mysite/static` });
    assert.equal(mapping.status, 201, JSON.stringify(mapping.body));
    assert.equal((await reload()).status, 'succeeded');
    const css = await appRequest(port, domain, '/static/style.css');
    assert.equal(css.status, 200);
    assert.equal(css.body, 'body { color: green; }\n');
    assert.match(String(css.headers['content-type']), /text\/css/);
    // Revalidation answers 304 without the body, by ETag and by date.
    assert.ok(css.headers.etag && css.headers['last-modified']);
    const byTag = await appRequest(port, domain, '/static/style.css', { headers: { 'if-none-match': String(css.headers.etag) } });
    assert.equal(byTag.status, 304);
    assert.equal(byTag.body, '');
    const byDate = await appRequest(port, domain, '/static/style.css', { headers: { 'if-modified-since': String(css.headers['last-modified']) } });
    assert.equal(byDate.status, 304);
    await writeUserFile('mysite/static/style.css', 'body { color: blue; }\n');
    const changed = await appRequest(port, domain, '/static/style.css', { headers: { 'if-none-match': String(css.headers.etag) } });
    assert.equal(changed.status, 200);
    assert.equal(changed.body, 'body { color: blue; }\n');
    // A path that climbs out of the mapping never serves the app's source.
    assert.doesNotMatch((await appRequest(port, domain, '/static/../flask_app.py')).body, /from flask import/);
    assert.doesNotMatch((await appRequest(port, domain, '/static/%2e%2e/flask_app.py')).body, /from flask import/);
    const outside = await client.post(`/api/webapps/${domain}/static_files`, { url: '/etc/', path: '/etc' });
    assert.equal(outside.status, 400);
  });

  test('a virtualenv of another Python version is refused with both versions', async () => {
    const env = await client.post('/api/environments', { name: 'py311', pythonVersion: '3.11' });
    assert.equal((await waitForJob(client, env.body.job.id)).status, 'succeeded');
    const ok = await client.request('PATCH', `/api/webapps/${domain}`, { virtualenv: 'py311' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.virtualenv, `/home/${username}/.virtualenvs/py311`);
    const mismatch = await client.request('PATCH', `/api/webapps/${domain}`, { pythonVersion: '3.9' });
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.body.message, /uses Python 3\.11, but the web app uses Python 3\.9/);
    const inUse = await client.delete('/api/environments/py311');
    assert.equal(inUse.status, 409);
    assert.match(inUse.body.message, new RegExp(domain));
    // A virtualenv without flask installed still serves a plain WSGI app: the platform supplies gunicorn.
    await client.request('PUT', `/api/webapps/${domain}/wsgi`, {
      content: 'def application(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [b"plain wsgi in a bare virtualenv"]\n',
    });
    const deadline = Date.now() + 30_000;
    while ((await appRequest(port, domain)).body !== 'plain wsgi in a bare virtualenv') {
      assert.ok(Date.now() < deadline);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  test('disable answers a disabled page; enable serves again', async () => {
    const disable = await client.post(`/api/webapps/${domain}/disable`);
    assert.equal((await waitForJob(client, disable.body.id)).status, 'succeeded');
    const disabled = await appRequest(port, domain);
    assert.equal(disabled.status, 503);
    assert.match(disabled.body, /disabled/);
    const enable = await client.post(`/api/webapps/${domain}/enable`);
    assert.equal((await waitForJob(client, enable.body.id)).status, 'succeeded');
    assert.equal((await appRequest(port, domain)).status, 200);
  });

  test('the PythonAnywhere API works with its field names, and another account gets 404 everywhere', async () => {
    const token = (await client.post('/api/account/tokens', { name: 'pa' })).body.token;
    const pa = new TestClient(platform.url);
    pa.token = token;
    const base = `/api/v0/user/${username}/webapps`;
    const list = await pa.get(base + '/');
    assert.equal(list.status, 200);
    assert.equal(list.body[0].domain_name, domain);
    assert.equal(list.body[0].python_version, '3.11');
    const patched = await pa.request('PATCH', `${base}/${domain}/`, { python_version: 'python311', source_directory: `/home/${username}/mysite` });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.source_directory, `/home/${username}/mysite`);
    // As PythonAnywhere's API docs do it: requests.patch(url, data={...}), a form-encoded body.
    const formPatch = await fetch(`${platform.url}${base}/${domain}/`, {
      method: 'PATCH',
      headers: { authorization: `Token ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ force_https: 'False', python_version: 'python311' }),
    });
    assert.equal(formPatch.status, 200, await formPatch.clone().text());
    assert.equal(((await formPatch.json()) as { force_https: boolean }).force_https, false);
    const statics = await pa.get(`${base}/${domain}/static_files/`);
    assert.equal(statics.body[0].url, '/static/');
    const reloaded = await pa.post(`${base}/${domain}/reload/`);
    assert.equal(reloaded.status, 200);
    await waitForJob(client, reloaded.body.job_id);

    const other = new TestClient(platform.url);
    await other.signup();
    const otherToken = new TestClient(platform.url);
    otherToken.token = (await other.post('/api/account/tokens', { name: 'x' })).body.token;
    for (const [method, path] of [
      ['GET', `${base}/`],
      ['GET', `${base}/${domain}/`],
      ['PATCH', `${base}/${domain}/`],
      ['DELETE', `${base}/${domain}/`],
      ['POST', `${base}/${domain}/reload/`],
      ['POST', `${base}/${domain}/disable/`],
      ['GET', `${base}/${domain}/static_files/`],
    ] as const) {
      assert.equal((await otherToken.request(method, path, method === 'PATCH' ? {} : undefined)).status, 404, `${method} ${path}`);
    }
    for (const [method, path] of [
      ['GET', `/api/webapps/${domain}`],
      ['POST', `/api/webapps/${domain}/reload`],
      ['DELETE', `/api/webapps/${domain}`],
      ['GET', `/api/webapps/${domain}/logs/error`],
      ['GET', `/api/webapps/${domain}/wsgi`],
    ] as const) {
      assert.equal((await other.request(method, path)).status, 404, `${method} ${path}`);
    }
    assert.equal((await appRequest(port, domain)).status, 200, 'the app still serves');
  });

  test('Flask quickstarts on Python 3.9 and 3.13 run on their own images and serve on extra domains', async () => {
    for (const version of ['3.9', '3.13']) {
      const tag = version.replace('.', '');
      const appDomain = `py${tag}-${username}.example.test`;
      const created = await client.post('/api/webapps', { template: 'flask', pythonVersion: version, domain: appDomain, sourceDirectory: `site${tag}` });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const job = await waitForJob(client, created.body.job.id);
      assert.equal(job.status, 'succeeded', job.error ?? '');
      const res = await appRequest(port, appDomain);
      assert.equal(res.status, 200);
      assert.equal(res.body, 'Hello from Flask!');
      const containers = await runtimeOf(platform.worker).list({ kind: 'webapp', webappId: created.body.webapp.id });
      const images = await Promise.all(containers.map(async (c) => (await engineOf(platform.config).getContainer(c.id).inspect()).Config.Image));
      assert.deepEqual(images, [`panel-python:${version}`]);
      assert.equal((await client.request('DELETE', `/api/webapps/${appDomain}`)).status, 204);
    }
  });

  test('bad input is refused: a domain under the apps domain that is not yours, a taken domain, a bad version', async () => {
    const notMine = await client.post('/api/webapps', { domain: `someoneelse.${platform.config.appsDomain}`, pythonVersion: '3.11' });
    assert.equal(notMine.status, 400);
    const taken = await client.post('/api/webapps', { domain, pythonVersion: '3.11' });
    assert.equal(taken.status, 409);
    const version = await client.post('/api/webapps', { domain: 'www.example.org', pythonVersion: '2.7' });
    assert.equal(version.status, 400);
    assert.match(version.body.message, /3\.9, 3\.11, 3\.13/);
  });

  test("IP literals, localhost names and the dashboard's host are refused as domains, and nothing is created", async () => {
    const before = (await client.get<WebAppView[]>('/api/webapps')).body.length;
    for (const [bad, why] of [
      ['127.0.0.1', /IP address/],
      ['10.1.2.3', /IP address/],
      ['evil.localhost', /localhost name/],
      ['mysql.panel.internal', /platform uses itself/],
    ] as const) {
      const res = await client.post('/api/webapps', { domain: bad, pythonVersion: '3.11' });
      assert.equal(res.status, 400, `${bad}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, why);
    }
    assert.equal((await client.get<WebAppView[]>('/api/webapps')).body.length, before);
  });

  test('a custom domain is not routed until DNS proves it is the account\'s; checking says what to add', async () => {
    const custom = `${username}.unverified.test`;
    const created = await client.post('/api/webapps', { template: 'flask', pythonVersion: '3.11', domain: custom, sourceDirectory: 'unverified-site' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await waitForJob(client, created.body.job.id)).status, 'succeeded');
    const view = created.body.webapp as WebAppView;
    assert.equal(view.domainVerification.verified, false);
    assert.equal(view.domainVerification.cnameTarget, domain);
    assert.match(view.domainVerification.txtRecord!.value, /^panel-[0-9a-f]{32}$/);
    const res = await appRequest(port, custom);
    assert.notEqual(res.body, 'Hello from Flask!', 'Caddy does not route an unverified domain');
    const check = await client.post(`/api/webapps/${custom}/verify-domain`);
    assert.equal(check.status, 409);
    assert.match(check.body.message, new RegExp(`CNAME record from ${custom.replace(/\./g, '\\.')} to ${domain.replace(/\./g, '\\.')}`));
    assert.match(check.body.message, /_panel-verify\./);
    assert.equal((await client.get<WebAppView>(`/api/webapps/${custom}`)).body.domainVerification.verified, false);
    const allowListed = (await client.get<WebAppView>(`/api/webapps/${domain}`)).body;
    assert.equal(allowListed.domainVerification.verified, true, 'the own name is verified');
    assert.equal((await client.request('DELETE', `/api/webapps/${custom}`)).status, 204);
  });

  test('a log past the size limit is rotated to .1 and the app keeps logging to the live file', async () => {
    await writeUserFile('mysite/flask_app.py', FLASK_APP('rotating', SPAM_ROUTE));
    // Back to the system's Flask (an earlier test left a bare virtualenv) and a WSGI file that imports flask_app.
    assert.equal((await client.request('PATCH', `/api/webapps/${domain}`, { virtualenv: null })).status, 200);
    const wsgi = `import sys\nsys.path.insert(0, '/home/${username}/mysite')\nfrom flask_app import app as application\n`;
    const saved = await client.request('PUT', `/api/webapps/${domain}/wsgi`, { content: wsgi });
    assert.equal(saved.status, 200);
    assert.equal((await waitForJob(client, saved.body.job.id)).status, 'succeeded');
    assert.equal((await appRequest(port, domain, '/spam')).body, 'spammed');
    const logDir = join(platform.config.webLogsDir, username);
    const live = join(logDir, `${domain}.server.log`);
    const deadline = Date.now() + 20_000;
    while (!(await lstat(`${live}.1`).catch(() => null))) {
      assert.ok(Date.now() < deadline, 'the server log was rotated');
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.match(await readFile(`${live}.1`, 'utf8'), /spam line 2999 x+\n/);
    assert.ok((await lstat(live)).size < 256 * 1024, 'the live log was emptied');
    assert.equal((await lstat(`${live}.1`)).uid, uid, 'the rotated log is the account\'s');
    assert.equal((await appRequest(port, domain)).body, 'rotating');
    await new Promise((r) => setTimeout(r, 300));
    const liveLog = (await client.get(`/api/webapps/${domain}/logs/server`)).body.text as string;
    assert.match(liveLog, /served index/);
    assert.doesNotMatch(liveLog, /spam line 2999/, 'the live log holds only what came after the rotation');
  });
});
