import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConsoleView } from '@panel/contracts';
import { engineOf } from '../testing/engine';
import { LABEL } from '../node-runtime/workload-labels';
import { ConsoleSocket } from '../testing/console-socket';
import { startTestPlatform, TestClient } from '../testing/platform';
import { OUTPUT_BURST_BYTES, OUTPUT_BYTES_PER_SECOND } from './console-attachment';
import { ConsoleContainers } from './console-containers';

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;

async function createConsole(client: TestClient, body: Record<string, unknown>): Promise<ConsoleView> {
  const created = await client.post<ConsoleView>('/api/consoles', body);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

/** Polls the PythonAnywhere API's get_latest_output until the pattern shows. */
async function waitForLatestOutput(client: TestClient, username: string, id: number, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let output = '';
  while (Date.now() < deadline) {
    const res = await client.get<{ output: string }>(`/api/v0/user/${username}/consoles/${id}/get_latest_output`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    output = res.body.output;
    if (pattern.test(output)) return output;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${pattern}; latest output:\n${output}`);
}

async function tokenClient(platform: Platform, session: TestClient): Promise<TestClient> {
  const created = await session.post<{ token: string }>('/api/account/tokens', { name: 'tests' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const client = new TestClient(platform.url);
  client.token = created.body.token;
  return client;
}

describe('consoles: the terminal in the browser', () => {
  let platform: Platform;
  let client: TestClient;
  let username: string;
  let uid: number;

  before(async () => {
    platform = await startTestPlatform();
    client = new TestClient(platform.url);
    const session = await client.signup();
    username = session.account.username;
    uid = session.account.uid;
  });
  after(() => platform.close());

  test("bash: PythonAnywhere's prompt, the account's uid and home, UTF-8, resize, virtualenvwrapper and git in the prompt", async () => {
    const c = await createConsole(client, { kind: 'bash' });
    assert.equal(c.state, 'running');
    assert.equal(c.name, 'Bash console');
    assert.equal(c.url, `/consoles/${c.id}`);
    const socket = await ConsoleSocket.open(platform.url, c.id, { cookie: client.cookie }, { cols: 120, rows: 30 });
    try {
      await socket.waitFor(/^\d\d:\d\d ~ \$ $/m);
      let mark = socket.mark();
      socket.type('echo "me=$USER uid=$(id -u) gid=$(id -g) pwd=$PWD home=$HOME"\r');
      await socket.waitFor(`me=${username} uid=${uid} gid=${uid} pwd=/home/${username} home=/home/${username}`, mark);

      // The account has a name in its container: whoami, id and ls -l say it, and ~ expands from passwd.
      mark = socket.mark();
      socket.type('echo "who=$(whoami) ids=$(id -un):$(id -gn) owner=$(stat -c %U:%G ~) tilde=$(getent passwd $(id -u) | cut -d: -f6)"\r');
      await socket.waitFor(`who=${username} ids=${username}:${username} owner=${username}:${username} tilde=/home/${username}`, mark);

      mark = socket.mark();
      socket.type('echo "héllo ✓ 日本語 $((40+2))"\r');
      await socket.waitFor('héllo ✓ 日本語 42', mark);

      socket.resize(100, 40);
      await new Promise((r) => setTimeout(r, 300));
      mark = socket.mark();
      socket.type('echo "size=$(stty size)"\r');
      await socket.waitFor('size=40 100', mark);

      mark = socket.mark();
      socket.type('mkvirtualenv flask-tutorial >/dev/null && mkdir -p mysite && cd mysite && git init -q -b master && echo ready-$VIRTUAL_ENV\r');
      await socket.waitFor(`ready-/home/${username}/.virtualenvs/flask-tutorial`, mark, 90_000);
      await socket.waitFor(/\(flask-tutorial\) \d\d:\d\d ~\/mysite \(master\)\$ $/m, mark);

      mark = socket.mark();
      socket.type('deactivate; cd\r');
      await socket.waitFor(/^\d\d:\d\d ~ \$ $/m, mark);
      // Made in the console, seen by the dashboard: the filesystem is the truth.
      const envs = await client.get<{ name: string }[]>('/api/environments');
      assert.ok(envs.body.some((e) => e.name === 'flask-tutorial'), JSON.stringify(envs.body));
    } finally {
      await socket.close();
    }
  });

  test('Python 3.9 and 3.13 consoles run their own interpreter', async () => {
    for (const version of ['3.9', '3.13']) {
      const c = await createConsole(client, { kind: 'python', pythonVersion: version });
      assert.equal(c.executable, `python${version}`);
      const socket = await ConsoleSocket.open(platform.url, c.id, { cookie: client.cookie });
      try {
        await socket.waitFor(/^>>> $/m, 0, 30_000);
        const mark = socket.mark();
        socket.type('import sys, os; print("py", sys.version_info[:2], os.getuid())\r');
        const [major, minor] = version.split('.');
        await socket.waitFor(`py (${major}, ${minor}) ${uid}`, mark);
      } finally {
        await socket.close();
      }
      assert.equal((await client.delete(`/api/consoles/${c.id}`)).status, 204);
    }
  });

  test('a custom console runs a bash command with virtualenvwrapper at hand; its output stays after it exits; restart runs it again', async () => {
    const c = await createConsole(client, { kind: 'custom', command: 'type workon | head -1; echo "custom-$((2+3))"; exit 7' });
    const socket = await ConsoleSocket.open(platform.url, c.id, { cookie: client.cookie });
    try {
      await socket.waitFor('custom-5');
      await socket.waitFor('workon is a function');
      await socket.waitForMessage('exited');
      assert.deepEqual(
        socket.messages.find((m) => m.type === 'exited'),
        { type: 'exited', exitStatus: 7 },
      );
      const view = await client.get<ConsoleView>(`/api/consoles/${c.id}`);
      assert.equal(view.body.state, 'exited');
      assert.equal(view.body.exitStatus, 7);

      const attachedBefore = socket.messages.filter((m) => m.type === 'attached').length;
      const mark = socket.mark();
      socket.ws.send(JSON.stringify({ type: 'restart' }));
      await socket.until(() => socket.messages.filter((m) => m.type === 'attached').length > attachedBefore, 'attached after restart');
      await socket.waitFor('custom-5', mark);
    } finally {
      await socket.close();
    }
    // A new browser sees the output of the finished program too.
    const again = await ConsoleSocket.open(platform.url, c.id, { cookie: client.cookie });
    try {
      await again.waitFor('custom-5');
    } finally {
      await again.close();
    }
    assert.equal((await client.delete(`/api/consoles/${c.id}`)).status, 204);
  });

  test('a program that ends while a browser watches is reported with its status, and restarts in place', async () => {
    const c = await createConsole(client, { kind: 'bash' });
    const socket = await ConsoleSocket.open(platform.url, c.id, { cookie: client.cookie });
    try {
      await socket.waitFor(/^\d\d:\d\d ~ \$ $/m);
      socket.type('exit 3\r');
      await socket.waitForMessage('exited');
      assert.deepEqual(socket.messages.find((m) => m.type === 'exited'), { type: 'exited', exitStatus: 3 });
      await socket.waitFor('[Process exited with status 3]');
      const mark = socket.mark();
      socket.ws.send(JSON.stringify({ type: 'restart' }));
      await socket.waitFor(/^\d\d:\d\d ~ \$ $/m, mark);
      socket.type('echo "again-$((1+2))"\r');
      await socket.waitFor('again-3', mark);
      assert.equal((await client.get<ConsoleView>(`/api/consoles/${c.id}`)).body.state, 'running');
    } finally {
      await socket.close();
    }
    await client.delete(`/api/consoles/${c.id}`);
  });

  test('$API_TOKEN is set when the account uses API tokens, and it works', async () => {
    const noToken = await createConsole(client, { kind: 'custom', command: 'echo "token=[$API_TOKEN]"' });
    assert.match(await waitForLatestOutput(client, username, noToken.id, /token=\[/), /token=\[\]/);
    await client.delete(`/api/consoles/${noToken.id}`);

    await tokenClient(platform, client);
    const c = await createConsole(client, { kind: 'custom', command: 'echo "token=[$API_TOKEN]"' });
    const output = await waitForLatestOutput(client, username, c.id, /token=\[pnl_/);
    const token = /token=\[(pnl_[A-Za-z0-9_-]+)\]/.exec(output)![1];
    const me = await fetch(`${platform.url}/api/account`, { headers: { authorization: `Token ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { username: string }).username, username);
    const tokens = await client.get<{ name: string }[]>('/api/account/tokens');
    assert.equal(tokens.body.filter((t) => t.name === 'Consoles ($API_TOKEN)').length, 1);
    // A second console reuses the same token.
    const second = await createConsole(client, { kind: 'custom', command: 'echo "token=[$API_TOKEN]"' });
    assert.match(await waitForLatestOutput(client, username, second.id, /token=\[pnl_/), new RegExp(`token=\\[${token}\\]`));
    assert.equal((await client.get<{ name: string }[]>('/api/account/tokens')).body.filter((t) => t.name === 'Consoles ($API_TOKEN)').length, 1);
    await client.delete(`/api/consoles/${c.id}`);
    await client.delete(`/api/consoles/${second.id}`);
  });

  test('MySQL console: the password comes from ~/.my.cnf, never the command line; without MySQL set up it says so', async () => {
    const missing = await createConsole(client, { kind: 'mysql' });
    assert.equal(missing.database, `${username}$default`);
    assert.match(await waitForLatestOutput(client, username, missing.id, /MySQL is not set up/), /set up MySQL on the Databases tab/);
    await client.delete(`/api/consoles/${missing.id}`);

    // Set up as the Databases tab does it.
    const password = `Console-${Date.now()}-secret`;
    const init = await client.post('/api/databases/mysql/initialize', { password, confirmPassword: password });
    assert.equal(init.status, 201, JSON.stringify(init.body));
    const cnf = await readFile(join(platform.config.homesDir, username, '.my.cnf'), 'utf8');
    assert.match(cnf, new RegExp(password));

    const c = await createConsole(client, { kind: 'mysql', database: 'default' });
    assert.equal(c.executable, 'mysql');
    assert.equal(c.arguments, `${username}$default`);
    const socket = await ConsoleSocket.open(platform.url, c.id, { cookie: client.cookie });
    try {
      await socket.waitFor(new RegExp(`\\[${username}\\$default\\]> $`, 'm'), 0, 30_000);
      const mark = socket.mark();
      socket.type('SELECT 40+2 AS answer, CURRENT_USER() AS who;\r');
      await socket.waitFor(/\| +42 \| +\S+@%/, mark);
    } finally {
      await socket.close();
    }
    // Every process's command line in the console container, as another console sees them.
    const ps = await createConsole(client, { kind: 'custom', command: 'ps -eo args; echo ps-done' });
    const processes = await waitForLatestOutput(client, username, ps.id, /ps-done/);
    assert.match(processes, /mysql --defaults-file=/);
    assert.ok(!processes.includes(password), 'the MySQL password is on no command line');
    await client.delete(`/api/consoles/${ps.id}`);
    await client.delete(`/api/consoles/${c.id}`);
  });

  test('PostgreSQL console: psql on the account\'s database, the password from ~/.pgpass', async () => {
    const missing = await createConsole(client, { kind: 'postgres' });
    assert.equal(missing.database, `${username}$default`);
    assert.match(await waitForLatestOutput(client, username, missing.id, /PostgreSQL is not set up/), /Databases tab/);
    await client.delete(`/api/consoles/${missing.id}`);

    const password = `Console-${Date.now()}-pg`;
    const init = await client.post('/api/databases/postgres/initialize', { password, confirmPassword: password });
    assert.equal(init.status, 201, JSON.stringify(init.body));
    const c = await createConsole(client, { kind: 'postgres', database: 'default' });
    assert.equal(c.executable, 'psql');
    const socket = await ConsoleSocket.open(platform.url, c.id, { cookie: client.cookie });
    try {
      await socket.waitFor(new RegExp(`${username}\\$default=> $`, 'm'), 0, 30_000);
      const mark = socket.mark();
      socket.type('SELECT 40+2 AS answer, current_user;\r');
      await socket.waitFor(new RegExp(`42 \\| ${username}`), mark);
    } finally {
      await socket.close();
    }
    await client.delete(`/api/consoles/${c.id}`);
  });

  test('killing a console ends its program and closes its sockets', async () => {
    const c = await createConsole(client, { kind: 'bash', name: 'to kill' });
    const socket = await ConsoleSocket.open(platform.url, c.id, { cookie: client.cookie });
    await socket.waitFor(/^\d\d:\d\d ~ \$ $/m);
    socket.type('sleep 4242 & echo "started-$!"\r');
    await socket.waitFor(/started-\d+/);
    assert.equal((await client.delete(`/api/consoles/${c.id}`)).status, 204);
    await socket.until(() => socket.closed !== null, 'the socket to close');
    assert.equal(socket.closed!.code, 4000);
    assert.equal((await client.get(`/api/consoles/${c.id}`)).status, 404);
    const list = await client.get<ConsoleView[]>('/api/consoles');
    assert.ok(!list.body.some((x) => x.id === c.id));
    await assert.rejects(ConsoleSocket.open(platform.url, c.id, { cookie: client.cookie }), (e: { status?: number }) => e.status === 404);
    // Its processes went with it: the shell and its background job.
    const ps = await createConsole(client, { kind: 'custom', command: 'echo "left=[$(ps -eo args | grep -c "^sleep 424[2]")]"' });
    assert.match(await waitForLatestOutput(client, username, ps.id, /left=\[/), /left=\[0\]/);
    await client.delete(`/api/consoles/${ps.id}`);
  });

  test('consoles can be renamed', async () => {
    const c = await createConsole(client, { kind: 'bash' });
    const renamed = await client.request<ConsoleView>('PATCH', `/api/consoles/${c.id}`, { name: 'flask shell' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.name, 'flask shell');
    assert.equal((await client.request('PATCH', `/api/consoles/${c.id}`, { name: '' })).status, 400);
    const list = await client.get<ConsoleView[]>('/api/consoles');
    assert.equal(list.body.find((x) => x.id === c.id)?.name, 'flask shell');
    await client.delete(`/api/consoles/${c.id}`);
  });
});

describe("consoles: the PythonAnywhere API", () => {
  let platform: Platform;
  let api: TestClient;
  let username: string;

  before(async () => {
    platform = await startTestPlatform();
    const session = new TestClient(platform.url);
    username = (await session.signup()).account.username;
    api = await tokenClient(platform, session);
  });
  after(() => platform.close());

  const base = () => `/api/v0/user/${username}/consoles`;

  test('create (starts at once), list, get, send_input, get_latest_output, delete', async () => {
    const created = await api.post(`${base()}/`, { executable: 'bash', arguments: '' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const c = created.body;
    assert.equal(c.user, username);
    assert.equal(c.executable, 'bash');
    assert.equal(c.arguments, '');
    assert.equal(c.working_directory, `/home/${username}`);
    assert.equal(c.console_url, `/consoles/${c.id}`);

    const list = await api.get(`${base()}/`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.map((x: { id: number }) => x.id),
      [c.id],
    );
    assert.equal((await api.get(`${base()}/${c.id}/`)).body.id, c.id);

    // No browser has opened it: it runs anyway.
    await waitForLatestOutput(api, username, c.id, /\d\d:\d\d ~ \$/);
    const sent = await api.post(`${base()}/${c.id}/send_input/`, { input: 'echo "pa-$((20+22))"\n' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual(sent.body, { status: 'OK' });
    const output = await waitForLatestOutput(api, username, c.id, /^pa-42$/m);
    assert.match(output, /echo "pa-\$\(\(20\+22\)\)"/);

    assert.equal((await api.delete(`${base()}/${c.id}/`)).status, 204);
    assert.equal((await api.get(`${base()}/${c.id}/`)).status, 404);
    assert.equal((await api.post(`${base()}/${c.id}/send_input/`, { input: 'x' })).status, 404);
  });

  test('python3.X starts that Python; other programs run as commands, in the working directory asked for', async () => {
    const py = await api.post(`${base()}/`, { executable: 'python3.13' });
    assert.equal(py.status, 201, JSON.stringify(py.body));
    await waitForLatestOutput(api, username, py.body.id, /^>>>/m, 30_000);
    await api.post(`${base()}/${py.body.id}/send_input/`, { input: 'import sys; print("v", sys.version_info[:2])\n' });
    await waitForLatestOutput(api, username, py.body.id, /v \(3, 13\)/);
    await api.delete(`${base()}/${py.body.id}/`);

    const home = join(platform.config.homesDir, username);
    const account = (await api.get('/api/account')).body as { uid: number };
    await mkdir(join(home, 'proj'), { recursive: true });
    await chown(join(home, 'proj'), account.uid, account.uid);
    const custom = await api.post(`${base()}/`, {
      executable: 'python3.11',
      arguments: `-c "import os; print('cwd', os.getcwd(), 6*7)"`,
      working_directory: `/home/${username}/proj`,
    });
    assert.equal(custom.status, 201, JSON.stringify(custom.body));
    assert.equal(custom.body.working_directory, `/home/${username}/proj`);
    await waitForLatestOutput(api, username, custom.body.id, new RegExp(`cwd /home/${username}/proj 42`));
    await api.delete(`${base()}/${custom.body.id}/`);
  });

  test('bad requests are clear errors and create nothing; another user\'s path is a 404', async () => {
    const before = (await api.get(`${base()}/`)).body.length;
    const cases: [unknown, RegExp][] = [
      [{}, /executable/],
      [{ executable: 'python3.7' }, /python3\.7 is not available here/],
      [{ executable: 'rm -rf /' }, /executable/],
      [{ executable: 'bash', working_directory: '/etc' }, /outside your home/],
      [{ executable: 'bash', working_directory: 'no/such/dir' }, /does not exist/],
    ];
    for (const [body, message] of cases) {
      const res = await api.post(`${base()}/`, body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(res.body.message, message);
    }
    assert.equal((await api.get(`${base()}/`)).body.length, before);
    assert.equal((await api.get('/api/v0/user/someoneelse/consoles/')).status, 404);
    assert.equal((await api.post('/api/v0/user/someoneelse/consoles/', { executable: 'bash' })).status, 404);
  });
});

describe('consoles: isolation, limits, throttling, idle containers', () => {
  let platform: Platform;
  let alice: TestClient;
  let bob: TestClient;
  let aliceName: string;
  let aliceUid: number;
  let aliceId: number;
  let bobName: string;
  let bobUid: number;

  before(async () => {
    platform = await startTestPlatform({ PANEL_MAX_CONSOLES: '3', PANEL_CONSOLE_IDLE_MINUTES: '0.05' });
    alice = new TestClient(platform.url);
    bob = new TestClient(platform.url);
    const a = await alice.signup();
    const b = await bob.signup();
    aliceName = a.account.username;
    aliceUid = a.account.uid;
    aliceId = a.account.id;
    bobName = b.account.username;
    bobUid = b.account.uid;
  });
  after(() => platform.close());

  async function killAll(client: TestClient) {
    for (const c of (await client.get<ConsoleView[]>('/api/consoles')).body) await client.delete(`/api/consoles/${c.id}`);
  }

  test("another account's console is a 404 by id and unreachable by socket; containers are separate", async () => {
    const c = await createConsole(alice, { kind: 'bash' });
    for (const [method, path, body] of [
      ['GET', `/api/consoles/${c.id}`],
      ['PATCH', `/api/consoles/${c.id}`, { name: 'mine now' }],
      ['DELETE', `/api/consoles/${c.id}`],
      ['POST', `/api/consoles/${c.id}/restart`],
      ['POST', `/api/consoles/${c.id}/ticket`],
      ['GET', `/api/v0/user/${bobName}/consoles/${c.id}/`],
      ['POST', `/api/v0/user/${bobName}/consoles/${c.id}/send_input/`, { input: 'id\n' }],
      ['GET', `/api/v0/user/${bobName}/consoles/${c.id}/get_latest_output/`],
    ] as [string, string, unknown?][]) {
      const res = await bob.request(method, path, body);
      assert.equal(res.status, 404, `${method} ${path}: ${JSON.stringify(res.body)}`);
    }
    assert.ok(!(await bob.get<ConsoleView[]>('/api/consoles')).body.some((x) => x.id === c.id));

    await assert.rejects(ConsoleSocket.open(platform.url, c.id, { cookie: bob.cookie }), (e: { status?: number }) => e.status === 404);
    await assert.rejects(ConsoleSocket.open(platform.url, c.id, {}), (e: { status?: number }) => e.status === 401);
    await assert.rejects(ConsoleSocket.open(platform.url, c.id, { cookie: 'panel_session=forged' }), (e: { status?: number }) => e.status === 401);
    await assert.rejects(ConsoleSocket.open(platform.url, c.id, { cookie: alice.cookie, origin: 'http://evil.example' }), (e: { status?: number }) => e.status === 403);
    const bobToken = await tokenClient(platform, bob);
    await assert.rejects(ConsoleSocket.open(platform.url, c.id, { token: bobToken.token }), (e: { status?: number }) => e.status === 404);

    // A ticket opens one socket to one console, once.
    const ticket = await alice.post<{ ticket: string; url: string }>(`/api/consoles/${c.id}/ticket`);
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    assert.equal(ticket.body.url, `/api/consoles/${c.id}/ws?ticket=${ticket.body.ticket}`);
    const other = await createConsole(alice, { kind: 'bash' });
    await assert.rejects(ConsoleSocket.open(platform.url, other.id, { ticket: ticket.body.ticket }), (e: { status?: number }) => e.status === 401);
    const ticket2 = await alice.post<{ ticket: string }>(`/api/consoles/${c.id}/ticket`);
    const viaTicket = await ConsoleSocket.open(platform.url, c.id, { ticket: ticket2.body.ticket });
    await viaTicket.waitForMessage('attached');
    await viaTicket.close();
    await assert.rejects(ConsoleSocket.open(platform.url, c.id, { ticket: ticket2.body.ticket }), (e: { status?: number }) => e.status === 401);

    // Bob's console runs as Bob, sees only Bob's home.
    const b = await createConsole(bob, { kind: 'custom', command: `echo "uid=$(id -u) homes=[$(ls /home)]"; ls /home/${aliceName} 2>&1; echo done` });
    const output = await waitForLatestOutput(bob, bobName, b.id, /^done$/m);
    assert.match(output, new RegExp(`uid=${bobUid} homes=\\[${bobName}\\]`));
    assert.ok(!output.includes(`uid=${aliceUid}`));
    assert.match(output, /No such file or directory/);

    await killAll(alice);
    await killAll(bob);
  });

  test('an account has at most PANEL_MAX_CONSOLES consoles; bad input changes nothing', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createConsole(alice, { kind: 'bash', name: `console ${i}` }));
    const over = await alice.post('/api/consoles', { kind: 'bash' });
    assert.equal(over.status, 403, JSON.stringify(over.body));
    assert.match(over.body.message, /You already have 3 running consoles, the most an account may have \(3\)\. Kill one of them/);
    assert.equal((await alice.get<ConsoleView[]>('/api/consoles')).body.length, 3);
    // The limit is per account.
    const bobs = await createConsole(bob, { kind: 'bash' });
    await bob.delete(`/api/consoles/${bobs.id}`);

    assert.equal((await alice.delete(`/api/consoles/${made[0].id}`)).status, 204);
    const replacement = await createConsole(alice, { kind: 'bash' });
    await alice.delete(`/api/consoles/${replacement.id}`);

    // A console whose program exited holds nothing and does not count: with two running and one exited, one more fits.
    const exiting = await createConsole(alice, { kind: 'custom', command: 'true' });
    for (let waited = 0; ; waited += 250) {
      const state = (await alice.get<ConsoleView>(`/api/consoles/${exiting.id}`)).body.state;
      if (state === 'exited') break;
      assert.ok(waited < 30_000, `the console is still ${state}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const fits = await createConsole(alice, { kind: 'bash', name: 'fits beside an exited one' });
    const full = await alice.post('/api/consoles', { kind: 'bash' });
    assert.equal(full.status, 403, 'three running consoles are the limit again');
    await alice.delete(`/api/consoles/${fits.id}`);
    await alice.delete(`/api/consoles/${exiting.id}`);
    const remaining = (await alice.get<ConsoleView[]>('/api/consoles')).body.length;

    const bad: [unknown, RegExp][] = [
      [{ kind: 'zsh' }, /kind is one of/],
      [{ kind: 'custom' }, /A custom console needs a command/],
      [{ kind: 'bash', command: 'ls' }, /Only a custom console takes a command/],
      [{ kind: 'bash', database: 'x' }, /Only a MySQL or PostgreSQL console takes a database/],
      [{ kind: 'mysql', database: `${bobName}$default` }, /only your own databases/],
      [{ kind: 'mysql', database: 'bad name' }, /database/],
      [{ kind: 'python', pythonVersion: '2.7' }, /Python version must be one of/],
      [{ kind: 'bash', workingDirectory: '../../etc' }, /outside your home/],
      [{ kind: 'bash', workingDirectory: 'nowhere' }, /does not exist/],
      [{ kind: 'bash', name: 'x'.repeat(101) }, /name/],
    ];
    for (const [body, message] of bad) {
      const res = await alice.post('/api/consoles', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, message, JSON.stringify(body));
    }
    assert.equal((await alice.get<ConsoleView[]>('/api/consoles')).body.length, remaining);
    await killAll(alice);
  });

  test('console containers run as the account with its limits, no privileges, on the user network', async () => {
    const c = await createConsole(alice, { kind: 'bash' });
    const name = await platform.worker.get(ConsoleContainers).nameOf(aliceName, '3.11');
    const info = await engineOf(platform.config).getContainer(name).inspect();
    assert.equal(info.Config.User, `${aliceUid}:${aliceUid}`);
    assert.equal(info.HostConfig.Memory, platform.config.containerLimits.memoryBytes);
    assert.equal(info.HostConfig.PidsLimit, platform.config.containerLimits.pids);
    assert.ok(info.HostConfig.SecurityOpt?.includes('no-new-privileges'));
    assert.deepEqual(info.HostConfig.CapDrop, ['ALL']);
    assert.equal(info.HostConfig.NetworkMode, platform.config.userNetwork);
    assert.equal(info.HostConfig.RestartPolicy?.Name, 'unless-stopped');
    assert.ok(!info.Mounts.some((m: { Source: string }) => m.Source.includes('docker.sock')));
    assert.equal(info.Config.Labels[LABEL.node], platform.config.nodeId);
    assert.match(info.Config.Labels[LABEL.instance], /^[0-9a-f-]{36}$/, 'it carries the platform instance id');
    assert.equal(info.Config.Labels[LABEL.accountId], String(aliceId));
    await alice.delete(`/api/consoles/${c.id}`);
  });

  // The calm console is another account's: a flood is bounded by its own account's container (its CPU quota is shared
  // by that account's consoles); how quick the calm console stays is measured by bench/consoles, not asserted here.
  test("a console flooding output is throttled and another account's console keeps working", async () => {
    const flood = await createConsole(alice, { kind: 'bash' });
    const calm = await createConsole(bob, { kind: 'bash' });
    const floodSocket = await ConsoleSocket.open(platform.url, flood.id, { cookie: alice.cookie });
    const calmSocket = await ConsoleSocket.open(platform.url, calm.id, { cookie: bob.cookie });
    try {
      await floodSocket.waitFor(/\$ $/m);
      await calmSocket.waitFor(/\$ $/m);
      let floodBytes = 0;
      floodSocket.ws.on('message', (data: Buffer, binary: boolean) => {
        if (binary) floodBytes += data.length;
      });
      floodSocket.type('yes "flooding the console with a long line of text, again and again"\r');
      await floodSocket.waitFor(/again and again[\s\S]*again and again/);
      const started = Date.now();
      floodBytes = 0;
      const rtts: number[] = [];
      for (let i = 0; i < 20; i++) {
        const mark = calmSocket.mark();
        const t = performance.now();
        // The answer is computed, so the typed command never matches it (tmux may redraw lines without newlines).
        calmSocket.type(`echo calm-$((${i}+1000))\r`);
        await calmSocket.waitFor(`calm-${i + 1000}`, mark, 15_000);
        rtts.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
      const seconds = (Date.now() - started) / 1000;
      rtts.sort((a, b) => a - b);
      // The budget (a burst, then the rate), plus what was already on its way (pty, sockets, Redis) when counting began.
      const allowed = 2 * OUTPUT_BURST_BYTES + OUTPUT_BYTES_PER_SECOND * seconds * 1.1;
      console.log(`flood: ${Math.round(floodBytes / 1024)} KiB in ${seconds.toFixed(1)} s (allowed ${Math.round(allowed / 1024)} KiB); calm echo p50 ${rtts[10].toFixed(1)} ms, max ${rtts[19].toFixed(1)} ms`);
      assert.ok(floodBytes > 0, 'the flooding console still shows output');
      assert.ok(floodBytes <= allowed, `the flood was throttled: ${floodBytes} bytes`);

      const mark = floodSocket.mark();
      floodSocket.type('\x03');
      await new Promise((r) => setTimeout(r, 500));
      floodSocket.type('echo stopped-$((1+1))\r');
      await floodSocket.waitFor('stopped-2', mark, 20_000);
    } finally {
      await floodSocket.close();
      await calmSocket.close();
    }
    await killAll(alice);
    await killAll(bob);
  });

  test('an account\'s console container with no consoles stops after the idle time, and comes back on demand', async () => {
    await killAll(alice);
    const c = await createConsole(alice, { kind: 'bash' });
    const docker = engineOf(platform.config);
    const name = await platform.worker.get(ConsoleContainers).nameOf(aliceName, '3.11');
    assert.equal((await docker.getContainer(name).inspect()).State.Running, true);
    await alice.delete(`/api/consoles/${c.id}`);
    const deadline = Date.now() + 30_000;
    let gone = false;
    while (!gone && Date.now() < deadline) {
      gone = await docker
        .getContainer(name)
        .inspect()
        .then(() => false)
        .catch((e: { statusCode?: number }) => e.statusCode === 404);
      if (!gone) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(gone, 'the idle console container was stopped and removed');

    const again = await createConsole(alice, { kind: 'custom', command: 'echo back-again' });
    await waitForLatestOutput(await tokenClient(platform, alice), aliceName, again.id, /back-again/);
    await alice.delete(`/api/consoles/${again.id}`);
  });
});

