import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { chown, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { wsgiFileName } from '@panel/contracts';
import { BenchClient } from '../bench/api-client';
import { RunningPlatform, startPlatform } from '../platform';
import { AttackLedger } from './attack-ledger';
import { idorCalls, VictimResources } from './idor';

const APPS_PORT = Number(process.env.PANEL_APPS_PORT ?? 8080);
const APPS_DOMAIN = process.env.PANEL_APPS_DOMAIN ?? 'apps.localhost';

/** The victim's app: a page, and a TCP listener in its container that no other account's container may reach. */
const VICTIM_APP = `from flask import Flask
import socket, threading
app = Flask(__name__)

def listen():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", 8765))
    server.listen(5)
    while True:
        conn, _ = server.accept()
        conn.sendall(b"victim-secret\\n")
        conn.close()

threading.Thread(target=listen, daemon=True).start()

@app.route("/")
def index():
    return "victim page"
`;

/** Python that tries one target (host, port, bytes to send) and returns what answered; the app and the console use it. */
const REACH_PY = `import json, os, socket

def reach(t):
    got = ""
    try:
        s = socket.create_connection((t["host"], t["port"]), timeout=2)
        s.settimeout(2)
        if t["send"]:
            s.sendall(t["send"].encode())
        got = s.recv(4096).decode("utf-8", "replace")
        s.close()
    except Exception:
        pass
    return got
`;

/** The attacker's app: tries each target from inside its container and says what answered. */
const ATTACKER_APP = `from flask import Flask, request, jsonify
${REACH_PY}
app = Flask(__name__)

@app.route("/probe", methods=["POST"])
def probe():
    results = []
    for t in json.loads(request.get_data()):
        got = reach(t)
        results.append({"name": t["name"], "reached": t["expect"] in got, "got": got[:200]})
    for path in ["/var/run/docker.sock", "/run/docker.sock"]:
        results.append({"name": "file " + path, "reached": os.path.exists(path), "got": ""})
    results.append({"name": "other homes listed", "reached": len(os.listdir("/home")) > 1, "got": ",".join(os.listdir("/home"))})
    return jsonify(results)
`;

/** The user network's gateway (where the host's services would answer) and the victim app's container address. */
function userNetworkAddresses(victimDomain: string): { gateway: string; victimIp: string } {
  const network = process.env.PANEL_USER_NETWORK ?? 'panel-users';
  const gateway = execFileSync('docker', ['network', 'inspect', network, '-f', '{{(index .IPAM.Config 0).Gateway}}']).toString().trim();
  const container = execFileSync('docker', ['ps', '-q', '--filter', `label=panel.domain=${victimDomain}`]).toString().trim().split('\n')[0];
  const victimIp = execFileSync('docker', ['inspect', container, '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`]).toString().trim();
  return { gateway, victimIp };
}

function appRequest(domain: string, path: string, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: APPS_PORT, path, method, headers: { host: domain }, timeout: 60_000 }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function tcpAnswer(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    const socket = connect(port, host);
    socket.setTimeout(3_000, () => socket.destroy());
    socket.on('data', (c) => (data += c.toString()));
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
  });
}

async function writeAppCode(client: BenchClient, content: string) {
  const res = await fetch(`${client.url}/api/files/content?path=${encodeURIComponent(`/home/${client.username}/mysite/flask_app.py`)}`, {
    method: 'PUT',
    headers: { authorization: `Token ${client.token}`, 'content-type': 'application/octet-stream' },
    body: content,
  });
  assert.ok(res.ok, `saving the app: ${res.status}`);
  const reload = await client.call('POST', `/api/webapps/${client.username}.${APPS_DOMAIN}/reload`);
  assert.equal((await client.waitForJob(reload.body.id)).status, 'succeeded');
}

describe('security: one tenant against another and against the platform', () => {
  let platform: RunningPlatform;
  const ledger = new AttackLedger();
  const victim = { client: null as unknown as BenchClient, resources: null as unknown as VictimResources };
  let attacker: BenchClient;

  before(async () => {
    platform = await startPlatform();
    const v = new BenchClient(platform.url);
    await v.signup('victim');
    attacker = new BenchClient(platform.url);
    await attacker.signup('attacker');
    const domain = `${v.username}.${APPS_DOMAIN}`;
    const created = await v.call('POST', '/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await v.waitForJob(created.body.job.id)).status, 'succeeded');
    await writeAppCode(v, VICTIM_APP);
    const staticFile = await v.call('POST', `/api/webapps/${domain}/static_files`, { url: '/static/', path: `/home/${v.username}/mysite` });
    const env = await v.call('POST', '/api/environments', { name: 'victimenv', pythonVersion: '3.11' });
    assert.equal(env.status, 201, JSON.stringify(env.body));
    assert.equal((await v.waitForJob(env.body.job?.id ?? env.body.id)).status, 'succeeded');
    assert.equal((await v.call('POST', '/api/databases/mysql/initialize', { password: 'victim-db-pass', confirmPassword: 'victim-db-pass' })).status < 300, true);
    assert.equal((await v.call('POST', '/api/databases/mysql', { name: 'secret' })).status, 201);
    const consoleMade = await v.call('POST', '/api/consoles', { kind: 'bash' });
    assert.equal(consoleMade.status, 201, JSON.stringify(consoleMade.body));
    const task = await v.call('POST', '/api/tasks', { command: 'echo victim', interval: 'daily', hour: 4, minute: 30 });
    assert.equal(task.status, 201, JSON.stringify(task.body));
    const taskRun = await v.call('POST', `/api/tasks/${task.body.id}/run`);
    assert.equal(taskRun.status, 201, JSON.stringify(taskRun.body));
    const alwaysOn = await v.call('POST', '/api/always-on', { command: 'echo victim; exec sleep 100000', enabled: false });
    assert.equal(alwaysOn.status, 201, JSON.stringify(alwaysOn.body));
    const tokens = await v.call<{ id: number }[]>('GET', '/api/account/tokens');
    victim.client = v;
    victim.resources = {
      username: v.username,
      domain,
      jobId: created.body.job.id,
      staticFileId: staticFile.body.id,
      consoleId: consoleMade.body.id,
      tokenId: tokens.body[0].id,
      taskId: task.body.id,
      taskRunId: taskRun.body.id,
      alwaysOnId: alwaysOn.body.id,
      environment: 'victimenv',
      database: `${v.username}$secret`,
      // The platform's own node: an ordinary account must not cordon, uncordon or remove it.
      nodeId: process.env.PANEL_NODE_ID ?? '',
    };
    const attackerApp = await attacker.call('POST', '/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal((await attacker.waitForJob(attackerApp.body.job.id)).status, 'succeeded');
    await writeAppCode(attacker, ATTACKER_APP);
  });

  after(async () => {
    console.log(`\nsecurity suite\n${ledger.table()}`);
    await platform?.stop();
  });

  test("every operation of the OpenAPI document refuses another account's ids, names and domains, and changes nothing", async () => {
    const document = await (await fetch(`${platform.url}/api/docs/openapi.json`)).json();
    const calls = idorCalls(document, victim.resources);
    assert.ok(calls.length > 50, `the document lists the operations (${calls.length})`);
    for (const call of calls) {
      const res = await attacker.call(call.method, call.path, call.body).catch((error: Error) => ({ status: 0, body: error.message }));
      const through = res.status >= 200 && res.status < 300;
      ledger.record('api idor', `${call.method} ${call.path}`, through || res.status >= 500, `${res.status}`);
    }
    const v = victim.client;
    const { domain } = victim.resources;
    const app = await v.call('GET', `/api/webapps/${domain}`);
    assert.equal(app.status, 200, "the victim's app is still there");
    assert.equal(app.body.workers, 1);
    assert.equal(app.body.staticFiles.length, 1);
    assert.equal((await v.call('GET', `/api/webapps/${domain}/wsgi`)).body.content.includes('stolen'), false);
    assert.equal((await v.call('GET', '/api/environments/victimenv')).status, 200);
    const databases = (await v.call('GET', '/api/databases/mysql')).body;
    assert.ok(JSON.stringify(databases).includes(JSON.stringify(victim.resources.database)), "the victim's database is still there");
    assert.equal((await v.call('GET', `/api/consoles/${victim.resources.consoleId}`)).status, 200);
    const task = await v.call('GET', `/api/tasks/${victim.resources.taskId}`);
    assert.equal(task.status, 200, "the victim's task is still there");
    assert.deepEqual([task.body.command, task.body.enabled, task.body.printableTime], ['echo victim', true, '04:30']);
    assert.equal((await v.call('GET', `/api/tasks/${victim.resources.taskId}/runs`)).body.length, 1, 'no run was started by another account');
    const alwaysOn = await v.call('GET', `/api/always-on/${victim.resources.alwaysOnId}`);
    assert.deepEqual([alwaysOn.status, alwaysOn.body.command, alwaysOn.body.enabled], [200, 'echo victim; exec sleep 100000', false]);
    assert.equal((await v.call('GET', '/api/account')).status, 200, "the victim's token works");
    assert.deepEqual(ledger.succeeded('api idor'), []);
  });

  test('the Admin API is for operators only: every /api/admin, /api/nodes and /metrics operation answers 403 to an ordinary account and changes nothing', async () => {
    const document = (await (await fetch(`${platform.url}/api/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const victimId = (await victim.client.call('GET', '/api/account')).body.id;
    const settingsBefore = (await attacker.call('GET', '/api/settings')).body;
    const operations = Object.entries(document.paths).filter(([path]) => path.startsWith('/api/admin') || path.startsWith('/api/nodes') || path === '/metrics');
    assert.ok(operations.length >= 8, `admin operations: ${operations.map(([p]) => p).join(', ')}`);
    for (const [template, methods] of operations) {
      const path = template.replace('{id}', template.startsWith('/api/nodes') ? victim.resources.nodeId : String(victimId));
      for (const method of Object.keys(methods)) {
        const upper = method.toUpperCase();
        // `confirm` is the victim's name, so a missing guard on DELETE /api/admin/accounts/{id} would delete it.
        const body = upper === 'GET' ? undefined : { username: `stolen${victimId}`, role: 'admin', signupEnabled: !settingsBefore.signupEnabled, confirm: victim.resources.username };
        const res = await attacker.call(upper, path, body);
        ledger.record('admin', `${upper} ${path} as an ordinary account`, res.status !== 403, `${res.status}`);
      }
    }
    ledger.record('admin', 'the attacker became an admin', (await attacker.call('GET', '/api/account')).body.role !== 'user');
    ledger.record('admin', 'the victim was disabled', (await victim.client.call('GET', '/api/account')).status !== 200);
    ledger.record('admin', 'the sign-up setting changed', (await attacker.call('GET', '/api/settings')).body.signupEnabled !== settingsBefore.signupEnabled);
    assert.deepEqual(ledger.succeeded('admin'), []);
  });

  test("the files APIs refuse paths into another home, by traversal and by absolute path", async () => {
    const other = `/home/${victim.resources.username}/mysite/flask_app.py`;
    const attempts: [string, string][] = [
      ['GET', `/api/files/content?path=${encodeURIComponent(other)}`],
      ['GET', `/api/files/content?path=${encodeURIComponent(`/home/${attacker.username}/../${victim.resources.username}/mysite/flask_app.py`)}`],
      ['GET', `/api/files?path=${encodeURIComponent(`/home/${victim.resources.username}`)}`],
      ['GET', `/api/files/download?path=${encodeURIComponent(`/home/${victim.resources.username}`)}`],
      ['GET', `/api/files/content?path=${encodeURIComponent('/etc/shadow')}`],
      ['GET', `/api/v0/user/${attacker.username}/files/path${other}`],
      ['GET', `/api/v0/user/${attacker.username}/files/path/home/${attacker.username}/../../etc/shadow`],
      // /var/www and /var/log are the attacker's own folders there: the victim's WSGI file and logs are not in them.
      ['GET', `/api/v0/user/${attacker.username}/files/path/var/www/${wsgiFileName(victim.resources.domain)}`],
      ['GET', `/api/v0/user/${attacker.username}/files/path/var/log/${victim.resources.domain}.error.log`],
      ['GET', `/api/v0/user/${attacker.username}/files/path/var/log/%2e%2e/%2e%2e/home/${victim.resources.username}/mysite/flask_app.py`],
      ['GET', `/api/v0/user/${attacker.username}/files/tree/?path=${encodeURIComponent(`/var/log/../../home/${victim.resources.username}`)}`],
      ['DELETE', `/api/v0/user/${attacker.username}/files/path/var/log/${victim.resources.domain}.error.log/`],
      ['DELETE', `/api/files?path=${encodeURIComponent(other)}`],
    ];
    // Sharing another account's file by link (a share is public: it must never be made for what is not one's own).
    const shareAttempts: [string, string, unknown][] = [
      ['POST', '/api/files/shares', { path: other }],
      ['POST', '/api/files/shares', { path: `/home/${attacker.username}/../${victim.resources.username}/mysite/flask_app.py` }],
      ['POST', `/api/v0/user/${attacker.username}/files/sharing/`, { path: other }],
      ['POST', `/api/v0/user/${attacker.username}/files/sharing/`, { path: `/var/www/${wsgiFileName(victim.resources.domain)}` }],
      ['POST', `/api/v0/user/${attacker.username}/files/sharing/`, { path: '/etc/shadow' }],
      ['POST', `/api/v0/user/${victim.resources.username}/files/sharing/`, { path: other }],
      ['GET', `/api/v0/user/${attacker.username}/files/sharing/?path=${encodeURIComponent(other)}`, undefined],
    ];
    for (const [method, path, body] of [...attempts.map(([m, p]) => [m, p, undefined] as [string, string, unknown]), ...shareAttempts]) {
      const res = await attacker.call(method, path, body);
      ledger.record('files', `${method} ${path}`, (res.status >= 200 && res.status < 300) || res.status >= 500, `${res.status}`);
    }
    assert.deepEqual(ledger.succeeded('files'), []);
  });

  test("root never follows the attacker's symlinks into another home: environments, freeze, delete, the WSGI file", async () => {
    const dataDir = process.env.PANEL_DATA_DIR!;
    const attackerHome = join(dataDir, 'home', attacker.username);
    const victimWsgi = join(dataDir, 'www', victim.resources.username, wsgiFileName(victim.resources.domain));
    const victimWsgiBefore = await readFile(victimWsgi, 'utf8');
    await rm(join(attackerHome, '.virtualenvs'), { recursive: true, force: true });
    await symlink(`../${victim.resources.username}/.virtualenvs`, join(attackerHome, '.virtualenvs'));
    const listed = await attacker.call('GET', '/api/environments');
    ledger.record('root in account trees', "~/.virtualenvs -> victim's: the list shows the victim's environment", JSON.stringify(listed.body).includes('victimenv') || listed.status >= 500, `${listed.status}`);
    const freeze = await attacker.call('GET', '/api/environments/victimenv/freeze');
    ledger.record('root in account trees', "~/.virtualenvs -> victim's: freeze reads the victim's packages", freeze.status < 400 || freeze.status >= 500, `${freeze.status}`);
    const removed = await attacker.call('DELETE', '/api/environments/victimenv');
    ledger.record('root in account trees', "~/.virtualenvs -> victim's: delete removes the victim's environment (or fails with a 500)", removed.status < 400 || removed.status >= 500, `${removed.status}`);
    ledger.record('root in account trees', "the victim's environment is gone", (await victim.client.call('GET', '/api/environments/victimenv')).status !== 200);
    await rm(join(attackerHome, '.virtualenvs'));

    // The dashboard's recent files walk the home as root: a symlink to another home is listed as nothing, not entered.
    await symlink(`../${victim.resources.username}`, join(attackerHome, 'victim-home'));
    const recent = await attacker.call('GET', '/api/files/recent?limit=50');
    ledger.record('root in account trees', "a symlink to the victim's home: recent files list the victim's files", JSON.stringify(recent.body).includes(victim.resources.username) || recent.status >= 400, `${recent.status}`);
    await rm(join(attackerHome, 'victim-home'));

    const attackerDomain = `${attacker.username}.${APPS_DOMAIN}`;
    const attackerWsgi = join(dataDir, 'www', attacker.username, wsgiFileName(attackerDomain));
    const saved = await readFile(attackerWsgi, 'utf8');
    await rm(attackerWsgi);
    await symlink(victimWsgi, attackerWsgi);
    const read = await attacker.call('GET', `/api/webapps/${attackerDomain}/wsgi`);
    ledger.record('root in account trees', "WSGI file -> victim's: reading shows the victim's file", read.body?.content === victimWsgiBefore || read.status >= 500, `${read.status}`);
    const write = await attacker.call('PUT', `/api/webapps/${attackerDomain}/wsgi`, { content: 'overwritten = True\n' });
    ledger.record('root in account trees', "WSGI file -> victim's: saving writes through it (or fails with a 500)", write.status < 400 || write.status >= 500, `${write.status} ${JSON.stringify(write.body)}`);
    ledger.record('root in account trees', "the victim's WSGI file changed", (await readFile(victimWsgi, 'utf8')) !== victimWsgiBefore);
    await rm(attackerWsgi);
    await writeFile(attackerWsgi, saved);
    await chown(attackerWsgi, attacker.uid, attacker.uid);
    assert.deepEqual(ledger.succeeded('root in account trees'), []);
  });

  test("a hosted app reaches neither another account's container nor Redis, Docker or Caddy's admin API", async () => {
    const { gateway, victimIp } = userNetworkAddresses(victim.resources.domain);
    assert.match(await tcpAnswer(victimIp, 8765), /victim-secret/, "control: the victim's listener answers the host");
    const targets = [
      { name: "another account's container", host: victimIp, port: 8765, send: '', expect: 'victim-secret' },
      { name: 'Redis on the gateway', host: gateway, port: 6379, send: 'PING\r\n', expect: 'PONG' },
      { name: "Caddy's admin API on the gateway", host: gateway, port: 2019, send: 'GET /config/ HTTP/1.0\r\n\r\n', expect: 'HTTP/' },
      { name: "the tests' Caddy admin API", host: gateway, port: Number(new URL(process.env.PANEL_CADDY_ADMIN_URL ?? 'http://127.0.0.1:2019').port), send: 'GET /config/ HTTP/1.0\r\n\r\n', expect: 'HTTP/' },
      { name: 'Docker over TCP', host: gateway, port: 2375, send: 'GET /version HTTP/1.0\r\n\r\n', expect: 'HTTP/' },
      { name: 'Docker over TLS', host: gateway, port: 2376, send: '', expect: 'HTTP/' },
    ];
    const res = await appRequest(`${attacker.username}.${APPS_DOMAIN}`, '/probe', 'POST', JSON.stringify(targets));
    assert.equal(res.status, 200, res.body);
    for (const result of JSON.parse(res.body) as { name: string; reached: boolean; got: string }[]) {
      ledger.record('hosted app reach', result.name, result.reached, result.got);
    }
    assert.deepEqual(ledger.succeeded('hosted app reach'), []);
  });

  test("a bash console reaches neither another account's container, Redis, Docker or Caddy's admin API, nor another account's databases", async () => {
    const { gateway, victimIp } = userNetworkAddresses(victim.resources.domain);
    const targets = [
      { name: "another account's container", host: victimIp, port: 8765, send: '', expect: 'victim-secret' },
      { name: 'Redis on the gateway', host: gateway, port: 6379, send: 'PING\r\n', expect: 'PONG' },
      { name: "Caddy's admin API on the gateway", host: gateway, port: 2019, send: 'GET /config/ HTTP/1.0\r\n\r\n', expect: 'HTTP/' },
      { name: 'Docker over TCP', host: gateway, port: 2375, send: 'GET /version HTTP/1.0\r\n\r\n', expect: 'HTTP/' },
    ];
    const probe = `import sys
${REACH_PY}
for i, t in enumerate(json.load(open(sys.argv[1]))):
    print("RESULT", i, int(t["expect"] in reach(t)))
`;
    const put = (path: string, body: string) =>
      fetch(`${attacker.url}/api/files/content?path=${encodeURIComponent(`/home/${attacker.username}/${path}`)}`, {
        method: 'PUT',
        headers: { authorization: `Token ${attacker.token}`, 'content-type': 'application/octet-stream' },
        body,
      });
    await put('probe.py', probe);
    await put('targets.json', JSON.stringify(targets));
    assert.ok((await attacker.call('POST', '/api/databases/mysql/initialize', { password: 'attacker-pass-1', confirmPassword: 'attacker-pass-1' })).status < 300);
    const made = await attacker.call('POST', `/api/v0/user/${attacker.username}/consoles/`, { executable: 'bash' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const consolePath = `/api/v0/user/${attacker.username}/consoles/${made.body.id}`;
    const db = victim.resources.database;
    const input = `python3 ~/probe.py ~/targets.json; mysql -N -e 'SHOW DATABASES' | sed 's/^/DB /'; mysql -e 'SELECT 1' '${db}' 2>&1 | sed 's/^/OTHERDB /'; echo PROBE-$((40+2))\n`;
    let output = '';
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !output.includes('PROBE-42')) {
      await attacker.call('POST', `${consolePath}/send_input/`, { input }).catch(() => undefined);
      for (let i = 0; i < 30 && !output.includes('PROBE-42'); i++) {
        await new Promise((r) => setTimeout(r, 500));
        output = ((await attacker.call('GET', `${consolePath}/get_latest_output/`)).body?.output as string) ?? '';
      }
      if (output.includes('PROBE-42')) break;
    }
    assert.match(output, /PROBE-42/, `the console ran the probe: ${output.slice(-2000)}`);
    targets.forEach((target, i) => {
      const line = new RegExp(`RESULT ${i} ([01])`).exec(output);
      assert.ok(line, `the probe answered for ${target.name}`);
      ledger.record('console reach', target.name, line![1] === '1');
    });
    const listed = [...output.matchAll(/^DB (\S+)/gm)].map((m) => m[1]);
    assert.ok(listed.length > 0, `the account's own databases are listed: ${output.slice(-1500)}`);
    ledger.record('database grants', "MySQL's SHOW DATABASES lists another account's database", listed.includes(db), listed.join(','));
    ledger.record('database grants', "MySQL lets the account into another account's database", !/OTHERDB ERROR 10(44|45)/.test(output), /OTHERDB .*/.exec(output)?.[0] ?? '');
    await attacker.call('DELETE', `${consolePath}/`);
    assert.deepEqual(ledger.succeeded('console reach'), []);
    assert.deepEqual(ledger.succeeded('database grants'), []);
  });

  test("web app domains cannot be IP literals, localhost names, the dashboard's host or another account's", async () => {
    const domains = ['127.0.0.1', '127.0.0.2', '10.0.0.1', '127.1', 'evil.localhost', 'localhost.localhost', victim.resources.domain, `x.${victim.resources.domain}`, APPS_DOMAIN, 'mysql.panel.internal', 'postgres.panel.internal'];
    for (const domain of domains) {
      const res = await attacker.call('POST', '/api/webapps', { domain, pythonVersion: '3.11' });
      ledger.record('domains and cookies', `web app at ${domain}`, res.status < 400 || res.status >= 500, `${res.status}`);
      const pa = await attacker.call('POST', `/api/v0/user/${attacker.username}/webapps/`, { domain_name: domain, python_version: 'python311' });
      ledger.record('domains and cookies', `PythonAnywhere API web app at ${domain}`, pa.status < 400 || pa.status >= 500, `${pa.status}`);
    }
    const signup = await fetch(`${platform.url}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `c${Date.now().toString(36)}`, password: 'long enough' }) });
    const cookie = signup.headers.get('set-cookie') ?? '';
    ledger.record('domains and cookies', 'the session cookie names a Domain (sent to subdomains)', /Domain=/i.test(cookie), cookie.split(';').slice(1).join(';'));
    ledger.record('domains and cookies', 'the session cookie is readable by scripts', !/HttpOnly/i.test(cookie));
    assert.deepEqual(ledger.succeeded('domains and cookies'), []);
  });

  test('login, console sockets and upgrades: no lock-out button, no unauthenticated socket', async () => {
    const v = victim.client;
    const login = (password: string, headers: Record<string, string> = {}) =>
      fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username: v.username, password }) });
    const owner = await login('benchmark password');
    const device = owner.headers.getSetCookie().find((c) => c.startsWith('panel_device='))!.split(';')[0];
    for (let i = 0; i < 12; i++) await login('a wrong guess', { 'x-forwarded-for': `198.51.100.${i}` });
    const after = await login('benchmark password', { cookie: device });
    ledger.record('auth', "strangers' wrong passwords lock the owner's browser out", after.status !== 200, `${after.status}`);
    const rotated = await login('benchmark password', { 'x-forwarded-for': '198.51.100.200' });
    ledger.record('auth', 'a rotated X-Forwarded-For resets the count for a stranger', rotated.status === 200, `${rotated.status}`);

    const rawUpgrade = (path: string, extra = '') =>
      new Promise<string>((resolve) => {
        const url = new URL(platform.url);
        let data = '';
        const socket = connect(Number(url.port), url.hostname, () =>
          socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`),
        );
        socket.setTimeout(5_000, () => {
          socket.destroy();
          resolve(`(no answer) ${data}`);
        });
        socket.on('data', (c) => (data += c.toString()));
        socket.on('close', () => resolve(data));
        socket.on('error', () => resolve(data));
      });
    for (const path of ['/api/account', '/', '/api/jobs/x/events']) {
      const answer = await rawUpgrade(path);
      ledger.record('auth', `upgrade on ${path} stays open or upgrades`, !/^HTTP\/1\.1 4\d\d /.test(answer), answer.split('\r\n')[0]);
    }
    const consolePath = `/api/consoles/${victim.resources.consoleId}/ws`;
    for (const [what, extra] of [
      ['no credentials', ''],
      ['a forged cookie', 'Cookie: panel_session=forged\r\n'],
      ["the attacker's token", `Authorization: Token ${attacker.token}\r\n`],
      ['a made-up ticket', ''],
    ] as const) {
      const answer = await rawUpgrade(what === 'a made-up ticket' ? `${consolePath}?ticket=madeup` : consolePath, extra);
      ledger.record('console sockets', `victim's console with ${what}`, /^HTTP\/1\.1 101 /.test(answer), answer.split('\r\n')[0]);
    }
    assert.deepEqual(ledger.succeeded('auth'), []);
    assert.deepEqual(ledger.succeeded('console sockets'), []);
  });

  test('resource abuse is bounded: many web app creations and console openings stop at their limits', async () => {
    let consoles = 0;
    for (let i = 0; i < 8; i++) if ((await attacker.call('POST', '/api/consoles', { kind: 'bash' })).status === 201) consoles++;
    ledger.record('resource abuse', `consoles past PANEL_MAX_CONSOLES (${consoles} opened of 8 tried)`, consoles > Number(process.env.PANEL_MAX_CONSOLES ?? 5));
    const big = await attacker.call('POST', '/api/auth/login', { username: 'x'.repeat(100_000), password: 'y' });
    ledger.record('resource abuse', 'a 100 kB username', big.status < 400 || big.status >= 500, `${big.status}`);
    assert.deepEqual(ledger.succeeded('resource abuse'), []);
  });
});
