import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EnvironmentView, JobView } from '@panel/contracts';
import { outputOf, readJobEvents, startTestPlatform, TestClient, waitForJob } from '../testing/platform';

const run = promisify(execFile);

describe('environments: dashboard, jobs and the filesystem', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
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

  const hostVenv = (name: string) => join(platform.config.homesDir, username, '.virtualenvs', name);

  /** Runs bash in the 3.11 image as the account, like a bash console would. */
  async function consoleBash(script: string): Promise<string> {
    const home = join(platform.config.homesDir, username);
    const { stdout } = await run('docker', ['run', '--rm', '--network', 'none', '--user', `${uid}:${uid}`, '-w', `/home/${username}`, '-e', `HOME=/home/${username}`, '-v', `${home}:/home/${username}`, 'panel-python:3.11', 'bash', '-ic', script], { maxBuffer: 10 * 1024 * 1024 });
    return stdout;
  }

  test('a build with requirements streams progress, and the environment lists with its packages', async () => {
    const created = await client.post('/api/environments', { name: 'flask-tutorial', pythonVersion: '3.11', requirements: 'flask\nflask-sqlalchemy\npymysql\n' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.environment.status, 'building');
    const events = await readJobEvents(client, created.body.job.id);
    const jobs = events.filter((e) => e.type === 'job').map((e) => (e as { job: JobView }).job);
    const final = jobs.at(-1)!;
    assert.equal(final.status, 'succeeded', outputOf(events));
    assert.ok(final.progress && final.progress.done === final.progress.total && final.progress.total >= 8, JSON.stringify(final.progress));
    assert.ok(jobs.some((j) => j.progress && j.progress.done < j.progress.total), 'progress was reported along the way');
    assert.match(outputOf(events), /Successfully installed/);

    const list = (await client.get<EnvironmentView[]>('/api/environments')).body;
    const env = list.find((e) => e.name === 'flask-tutorial')!;
    assert.equal(env.status, 'ready');
    assert.equal(env.pythonVersion, '3.11');
    assert.equal(env.path, `/home/${username}/.virtualenvs/flask-tutorial`);
    assert.ok(env.sizeBytes !== null && env.sizeBytes > 1_000_000, `measured when the build ended: ${JSON.stringify(env)}`);
    assert.ok(env.packageCount !== null && env.packageCount >= 8);
    assert.ok(env.measuredAt && Date.parse(env.measuredAt) >= Date.parse(final.startedAt!), 'the size says when it was measured');

    const freeze = (await client.get('/api/environments/flask-tutorial/freeze')).body;
    assert.match(freeze.text, /^Flask==\d/m);
    assert.match(freeze.text, /^Flask-SQLAlchemy==\d/m);
    assert.match(freeze.text, /^PyMySQL==\d/m);
    assert.doesNotMatch(freeze.text, /^pip==/m);
  });

  test('install and uninstall are jobs on an existing environment', async () => {
    const install = await client.post('/api/environments/flask-tutorial/packages', { packages: ['Flask-Migrate'] });
    assert.equal(install.status, 201);
    assert.equal((await waitForJob(client, install.body.id)).status, 'succeeded');
    let freeze = (await client.get('/api/environments/flask-tutorial/freeze')).body.text;
    assert.match(freeze, /^Flask-Migrate==/m);
    assert.match(freeze, /^alembic==/m, 'Flask-Migrate brings Alembic');
    assert.ok(existsSync(join(hostVenv('flask-tutorial'), 'bin', 'flask')), 'console scripts are installed');

    const uninstall = await client.post('/api/environments/flask-tutorial/uninstall', { packages: ['Flask-Migrate'] });
    assert.equal((await waitForJob(client, uninstall.body.id)).status, 'succeeded');
    freeze = (await client.get('/api/environments/flask-tutorial/freeze')).body.text;
    assert.doesNotMatch(freeze, /^Flask-Migrate==/m);

    const history = (await client.get<JobView[]>('/api/environments/flask-tutorial/jobs')).body;
    assert.deepEqual(history.map((j) => j.name).slice(0, 3), ['environment.uninstall', 'environment.install', 'environment.build']);
  });

  test('environments made with mkvirtualenv appear, and dashboard ones work with workon', async () => {
    await consoleBash('mkvirtualenv from-console --python=python3.11 >/dev/null 2>&1; pip install -q flask >/dev/null 2>&1; true');
    const fromConsole = (await client.get<EnvironmentView[]>('/api/environments')).body.find((e) => e.name === 'from-console');
    assert.ok(fromConsole, 'an environment made in bash is listed');
    assert.equal(fromConsole.status, 'ready');
    assert.match((await client.get('/api/environments/from-console/freeze')).body.text, /^Flask==/m);

    const out = await consoleBash('workon flask-tutorial && python -c "import flask, sqlalchemy; print(\'imported\', flask.__name__)" && lsvirtualenv -b');
    assert.match(out, /imported flask/);
    assert.match(out, /flask-tutorial/);
    assert.match(out, /from-console/);
  });

  test('a requirement that does not exist fails the build, names it, and leaves nothing', async () => {
    const created = await client.post('/api/environments', { name: 'broken', pythonVersion: '3.11', requirements: 'flask\nno-such-package-xyz\n' });
    assert.equal(created.status, 201);
    const job = await waitForJob(client, created.body.job.id);
    assert.equal(job.status, 'failed');
    assert.match(job.error!, /no-such-package-xyz/);
    const log = (await client.get(`/api/jobs/${job.id}/log`)).body as string;
    assert.match(log, /No matching distribution found for no-such-package-xyz/);
    assert.equal(existsSync(hostVenv('broken')), false, 'nothing is left under the name');
    const listed = (await client.get<EnvironmentView[]>('/api/environments')).body.find((e) => e.name === 'broken');
    assert.equal(listed?.status, 'failed', 'the failed build is listed with its log');
    assert.equal(listed?.lastJobId, job.id);

    const retry = await client.post('/api/environments', { name: 'broken', pythonVersion: '3.11' });
    assert.equal(retry.status, 201, 'the name can be built again');
    assert.equal((await waitForJob(client, retry.body.job.id)).status, 'succeeded');
  });

  test('a cancelled build leaves nothing behind', async () => {
    const created = await client.post('/api/environments', { name: 'cancelled', pythonVersion: '3.11', requirements: 'django\nflask\nsqlalchemy\nrequests\n' });
    await waitForJob(client, created.body.job.id, (j) => j.status === 'running' || j.status === 'succeeded');
    await new Promise((r) => setTimeout(r, 800));
    await client.post(`/api/jobs/${created.body.job.id}/cancel`);
    const job = await waitForJob(client, created.body.job.id);
    assert.equal(job.status, 'cancelled');
    assert.equal(existsSync(hostVenv('cancelled')), false);
  });

  test('bad input is refused with the rule and changes nothing', async () => {
    for (const name of ['.', '..', 'a/b', 'x'.repeat(65), 'sp ace', '', 'ünï']) {
      const res = await client.post('/api/environments', { name, pythonVersion: '3.11' });
      assert.equal(res.status, 400, name);
      assert.match(res.body.message, /letters, digits/);
    }
    const version = await client.post('/api/environments', { name: 'v', pythonVersion: '2.7' });
    assert.equal(version.status, 400);
    assert.match(version.body.message, /3\.9, 3\.11, 3\.13/);
    const taken = await client.post('/api/environments', { name: 'flask-tutorial', pythonVersion: '3.11' });
    assert.equal(taken.status, 409);
    for (const requirementsPath of ['/etc/passwd', '../other/requirements.txt', '/home/someoneelse/r.txt']) {
      const outside = await client.post('/api/environments', { name: 'p', pythonVersion: '3.11', requirementsPath });
      assert.equal(outside.status, 400, requirementsPath);
      assert.match(outside.body.message, /outside your home/);
    }
    const missing = await client.post('/api/environments', { name: 'p', pythonVersion: '3.11', requirementsPath: 'mysite/requirements.txt' });
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /no file at mysite\/requirements.txt/);
    const badPackage = await client.post('/api/environments/flask-tutorial/packages', { packages: ['--index-url=http://evil'] });
    assert.equal(badPackage.status, 400);
    assert.equal(existsSync(hostVenv('p')), false);
  });

  test('a requirements file in the home can be used', async () => {
    await consoleBash('mkdir -p mysite && printf "flask\\n" > mysite/requirements.txt');
    const created = await client.post('/api/environments', { name: 'from-file', pythonVersion: '3.11', requirementsPath: `/home/${username}/mysite/requirements.txt` });
    assert.equal(created.status, 201);
    assert.equal((await waitForJob(client, created.body.job.id)).status, 'succeeded');
    assert.match((await client.get('/api/environments/from-file/freeze')).body.text, /^Flask==/m);
  });

  test("another account's environments are invisible and untouchable", async () => {
    const other = new TestClient(platform.url);
    await other.signup();
    assert.deepEqual((await other.get('/api/environments')).body, []);
    assert.equal((await other.get('/api/environments/flask-tutorial')).status, 404);
    assert.equal((await other.get('/api/environments/flask-tutorial/freeze')).status, 404);
    assert.equal((await other.post('/api/environments/flask-tutorial/packages', { packages: ['requests'] })).status, 404);
    assert.equal((await other.delete('/api/environments/flask-tutorial')).status, 404);
    assert.ok(existsSync(hostVenv('flask-tutorial')));
  });

  test('delete removes the directory', async () => {
    assert.equal((await client.delete('/api/environments/from-file')).status, 204);
    assert.equal(existsSync(hostVenv('from-file')), false);
    assert.equal((await client.get('/api/environments/from-file')).status, 404);
  });
});
