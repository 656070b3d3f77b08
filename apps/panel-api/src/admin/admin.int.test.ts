import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplication } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { AccountEntity, ApiTokenEntity, JobEntity, PlatformSettingEntity, WebAppEntity } from '@panel/database';
import { MysqlAdmin } from '../databases/mysql-admin.service';
import { PostgresAdmin } from '../databases/postgres-admin.service';
import { JobName } from '@panel/contracts';
import { DataSource } from 'typeorm';
import { fakeActiveNode, forgetLoginFailures, startTestApi, TestClient, uniqueUsername } from '../testing/test-api';

describe('the Admin page: operators manage accounts, settings, and every action is in the audit log', () => {
  let app: INestApplication;
  let url: string;
  let config: PanelConfig;
  let db: DataSource;
  let admin: TestClient;
  let adminName: string;
  let removeNode: () => Promise<void>;

  before(async () => {
    ({ app, url, config } = await startTestApi());
    db = app.get(DataSource);
    removeNode = await fakeActiveNode(app, config, 'admin-test');
    admin = new TestClient(url);
    adminName = (await admin.signup()).account.username;
    await db.getRepository(AccountEntity).update({ username: adminName }, { role: 'admin' });
  });
  after(async () => {
    await db?.getRepository(PlatformSettingEntity).delete({ key: 'signup_enabled' });
    await removeNode?.();
    await app?.close();
  });

  const login = (username: string, password: string) => new TestClient(url).post('/api/auth/login', { username, password });
  const audit = async () => (await admin.get('/api/admin/audit?pageSize=100')).body.entries as { action: string; targetUsername: string; detail: string; actorUsername: string }[];

  test('an ordinary account gets 403 on every admin endpoint of the OpenAPI document, and changes nothing', async () => {
    const user = new TestClient(url);
    await user.signup();
    const doc = (await user.get('/api/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const adminPaths = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/admin'));
    assert.ok(adminPaths.length >= 7, `admin paths: ${adminPaths.map(([p]) => p).join(', ')}`);
    const adminId = (await db.getRepository(AccountEntity).findOneByOrFail({ username: adminName })).id;
    for (const [template, operations] of adminPaths) {
      const path = template.replace('{id}', String(adminId));
      for (const method of Object.keys(operations)) {
        const res = await user.request(method.toUpperCase(), path, method === 'get' ? undefined : { username: uniqueUsername(), role: 'admin', signupEnabled: false });
        assert.equal(res.status, 403, `${method} ${path}: ${res.status}`);
      }
    }
    assert.equal((await db.getRepository(AccountEntity).findOneByOrFail({ username: adminName })).disabledAt, null);
    assert.equal((await new TestClient(url).get('/api/settings')).body.signupEnabled, config.signupEnabled);
  });

  test('creates an account with a one-time password shown once, and finds it by search, a page at a time', async () => {
    const username = uniqueUsername('made');
    const created = await admin.post('/api/admin/accounts', { username });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.account.username, username);
    assert.equal(created.body.account.role, 'user');
    assert.match(created.body.password, /^[A-Za-z0-9_-]{16}$/);
    assert.equal((await login(username, created.body.password)).status, 200);
    assert.ok(!JSON.stringify(await audit()).includes(created.body.password), 'the password is not in the audit log');

    const found = await admin.get(`/api/admin/accounts?search=${username.slice(0, 8)}`);
    assert.ok(found.body.accounts.some((a: { username: string }) => a.username === username));
    const first = await admin.get('/api/admin/accounts?pageSize=1&page=1');
    const second = await admin.get('/api/admin/accounts?pageSize=1&page=2');
    assert.equal(first.body.accounts.length, 1);
    assert.ok(first.body.total >= 3);
    assert.notEqual(first.body.accounts[0].id, second.body.accounts[0].id);
    // LIKE's wildcards are taken literally.
    assert.equal((await admin.get('/api/admin/accounts?search=%25')).body.total, 0);

    const bad = await admin.post('/api/admin/accounts', { username: 'Bad-Name' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, '"B", "-" and "N" are not allowed in a username: use lowercase letters (a-z) and digits.');
    const taken = await admin.post('/api/admin/accounts', { username });
    assert.equal(taken.status, 409);
    assert.ok((await audit()).some((e) => e.action === 'account.create' && e.targetUsername === username && e.actorUsername === adminName));
  });

  test('disable ends its sessions, refuses its login and tokens and stops its web app; enable starts it again; its data stays', async () => {
    const owner = new TestClient(url);
    const ownerSession = await owner.signup(uniqueUsername('dis'), 'correct horse');
    const username = ownerSession.account.username;
    const made = await owner.post('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const token = (await owner.post('/api/account/tokens', { name: 'ci' })).body.token as string;
    assert.ok(token);
    const tokenClient = new TestClient(url);
    tokenClient.token = token;
    assert.equal((await tokenClient.get('/api/account')).status, 200);

    const disabled = await admin.post(`/api/admin/accounts/${ownerSession.account.id}/disable`);
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
    assert.ok(disabled.body.disabledAt);
    assert.equal((await owner.get('/api/account')).status, 401, 'its session ended');
    assert.equal((await tokenClient.get('/api/account')).status, 401, 'its token is refused');
    const refused = await login(username, 'correct horse');
    assert.equal(refused.status, 403);
    assert.match(refused.body.message, /disabled/);
    await forgetLoginFailures(config);
    const appRow = await db.getRepository(WebAppEntity).findOneByOrFail({ accountId: ownerSession.account.id });
    assert.equal(appRow.enabled, false, 'its web app is disabled');
    const stop = await db.getRepository(JobEntity).findOne({ where: { accountId: ownerSession.account.id, name: 'webapp.stop' as JobEntity['name'] }, order: { createdAt: 'DESC' } });
    assert.ok(stop, 'a stop job was queued');
    assert.equal((await admin.post(`/api/admin/accounts/${ownerSession.account.id}/disable`)).status, 409);

    const enabled = await admin.post(`/api/admin/accounts/${ownerSession.account.id}/enable`);
    assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
    assert.equal(enabled.body.disabledAt, null);
    assert.equal((await login(username, 'correct horse')).status, 200);
    assert.equal((await tokenClient.get('/api/account')).status, 200, 'its token works again');
    assert.equal((await db.getRepository(WebAppEntity).findOneByOrFail({ id: appRow.id })).enabled, true, 'its web app is enabled again');
    const reloads = await db.getRepository(JobEntity).countBy({ accountId: ownerSession.account.id, name: 'webapp.reload' as JobEntity['name'] });
    assert.ok(reloads >= 2, 'a reload was queued when it was enabled');

    const entries = await audit();
    assert.ok(entries.some((e) => e.action === 'account.disable' && e.targetUsername === username && /1 web app/.test(e.detail)));
    assert.ok(entries.some((e) => e.action === 'account.enable' && e.targetUsername === username));
    const self = await admin.post(`/api/admin/accounts/${(await admin.get('/api/account')).body.id}/disable`);
    assert.equal(self.status, 409);
    assert.equal((await admin.post('/api/admin/accounts/999999/disable')).status, 404);
  });

  test('delete refuses yourself, a wrong or missing confirmation and an unknown id, and changes nothing', async () => {
    const me = await db.getRepository(AccountEntity).findOneByOrFail({ username: adminName });
    const self = await admin.request('DELETE', `/api/admin/accounts/${me.id}`, { confirm: adminName });
    assert.equal(self.status, 409);
    assert.equal(self.body.message, 'You cannot delete your own account: ask another admin.');
    const other = new TestClient(url);
    const session = await other.signup(uniqueUsername('keep'));
    const id = session.account.id;
    const wrong = await admin.request('DELETE', `/api/admin/accounts/${id}`, { confirm: session.account.username.slice(1) });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.message, `Type the username "${session.account.username}" to confirm deleting the account and everything in it.`);
    assert.equal((await admin.request('DELETE', `/api/admin/accounts/${id}`)).status, 400, 'no body');
    assert.equal((await admin.request('DELETE', `/api/admin/accounts/${id}`, { confirm: 5 })).status, 400, 'not a string');
    assert.equal((await admin.request('DELETE', '/api/admin/accounts/999999999', { confirm: 'nobody' })).status, 404);
    assert.equal((await admin.request('DELETE', '/api/admin/accounts/abc', { confirm: 'nobody' })).status, 400);
    const kept = await db.getRepository(AccountEntity).findOneByOrFail({ id });
    assert.equal(kept.disabledAt, null);
    assert.equal((await other.get('/api/account')).status, 200, 'its session still works');
    assert.equal(await db.getRepository(JobEntity).countBy({ accountId: id, name: JobName.AccountDelete }), 0);
  });

  test('delete drops its MySQL and PostgreSQL databases and users, ends its sessions and tokens, deletes its web apps, and queues the removal of its files on its home node', async () => {
    const owner = new TestClient(url);
    const session = await owner.signup(uniqueUsername('del'), 'correct horse');
    const { id, username } = session.account;
    for (const engine of ['mysql', 'postgres']) {
      const init = await owner.post(`/api/databases/${engine}/initialize`, { password: 'account-pass-1', confirmPassword: 'account-pass-1' });
      assert.equal(init.status, 201, JSON.stringify(init.body));
      assert.equal((await owner.post(`/api/databases/${engine}`, { name: 'shop' })).status, 201);
    }
    const made = await owner.post('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const token = (await owner.post('/api/account/tokens', { name: 'ci' })).body.token as string;
    const tokenClient = new TestClient(url);
    tokenClient.token = token;

    const deleted = await admin.request('DELETE', `/api/admin/accounts/${id}`, { confirm: username.toUpperCase() });
    assert.equal(deleted.status, 202, JSON.stringify(deleted.body));
    assert.equal(deleted.body.username, username);
    assert.equal(deleted.body.job.title, `Delete the account ${username}`);
    assert.equal((await owner.get('/api/account')).status, 401, 'its session ended');
    assert.equal((await tokenClient.get('/api/account')).status, 401, 'its token is refused');
    assert.equal(await db.getRepository(ApiTokenEntity).countBy({ accountId: id }), 0, 'its tokens are gone');
    assert.equal((await login(username, 'correct horse')).status, 403);
    for (const engine of [app.get(MysqlAdmin), app.get(PostgresAdmin)]) {
      assert.equal(await engine.userState(username), 'none', 'its database user is dropped');
      assert.deepEqual(await engine.listDatabases(username), [], 'its databases are dropped');
    }
    assert.equal(await db.getRepository(WebAppEntity).countBy({ accountId: id }), 0, 'its web apps are deleted');
    const job = await db.getRepository(JobEntity).findOneByOrFail({ id: deleted.body.job.id });
    assert.equal(job.name, JobName.AccountDelete);
    assert.equal(job.nodeId, config.nodeId, 'on its home node');
    assert.deepEqual(job.payload, { accountId: id, username, uid: session.account.uid });
    const stops = await db.getRepository(JobEntity).findBy({ accountId: id, name: JobName.WebAppStop });
    assert.equal(stops.length, 1, 'its web app is stopped and removed by its node');
    assert.ok((await audit()).some((e) => e.action === 'account.delete' && e.targetUsername === username && /1 web app/.test(e.detail)));
    // Until its node's job has run, asking again carries on (nothing of it is left to refuse).
    const again = await admin.request('DELETE', `/api/admin/accounts/${id}`, { confirm: username });
    assert.equal(again.status, 202, JSON.stringify(again.body));
  });

  test('a password reset answers a one-time password, ends the sessions and the old password stops working', async () => {
    const owner = new TestClient(url);
    const session = await owner.signup(uniqueUsername('rst'), 'old password!');
    const reset = await admin.post(`/api/admin/accounts/${session.account.id}/password`);
    assert.equal(reset.status, 200);
    assert.match(reset.body.password, /^[A-Za-z0-9_-]{16}$/);
    assert.equal((await owner.get('/api/account')).status, 401);
    assert.equal((await login(session.account.username, 'old password!')).status, 401);
    await forgetLoginFailures(config);
    assert.equal((await login(session.account.username, reset.body.password)).status, 200);
    assert.ok((await audit()).some((e) => e.action === 'account.reset-password' && e.targetUsername === session.account.username));
  });

  test('makes someone an admin (who then reaches the Admin API), and an admin cannot take their own role', async () => {
    const other = new TestClient(url);
    const session = await other.signup();
    assert.equal((await other.get('/api/admin/accounts')).status, 403);
    const promoted = await admin.post(`/api/admin/accounts/${session.account.id}/role`, { role: 'admin' });
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    assert.equal(promoted.body.role, 'admin');
    assert.equal((await other.get('/api/admin/accounts')).status, 200);
    const selfId = (await admin.get('/api/account')).body.id;
    assert.equal((await admin.post(`/api/admin/accounts/${selfId}/role`, { role: 'user' })).status, 409);
    assert.equal((await admin.post(`/api/admin/accounts/${session.account.id}/role`, { role: 'user' })).status, 200);
    assert.equal((await other.get('/api/admin/accounts')).status, 403);
    assert.ok((await audit()).some((e) => e.action === 'account.role' && e.detail === 'role user → admin'));
  });

  test("lists every account's jobs by state and by account, and cancels one", async () => {
    const owner = new TestClient(url);
    const username = (await owner.signup(uniqueUsername('job'))).account.username;
    const made = await owner.post('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const queued = await admin.get(`/api/admin/jobs?username=${username}&status=queued`);
    assert.equal(queued.status, 200, JSON.stringify(queued.body));
    const reload = queued.body.jobs.find((j: { id: string }) => j.id === made.body.job.id);
    assert.ok(reload, JSON.stringify(queued.body));
    assert.equal(reload.username, username);
    assert.equal(reload.title, `Reload ${made.body.webapp.domain}`);
    assert.equal((await admin.get(`/api/admin/jobs?username=${username}&status=succeeded`)).body.total, 0);
    assert.equal((await admin.get('/api/admin/jobs?status=sleeping')).status, 400);

    const cancelled = await admin.post(`/api/admin/jobs/${reload.id}/cancel`);
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal((await owner.get(`/api/jobs/${reload.id}`)).body.status, 'cancelled', 'the owner sees it cancelled');
    assert.equal((await admin.post('/api/admin/jobs/not-a-job/cancel')).status, 404);
    assert.ok((await audit()).some((e) => e.action === 'job.cancel' && e.targetUsername === username && e.detail.startsWith('Reload ')));
  });

  test('turns sign-up off and on without a restart', async () => {
    const off = await admin.request('PUT', '/api/admin/settings', { signupEnabled: false });
    assert.equal(off.status, 200);
    assert.equal((await new TestClient(url).get('/api/settings')).body.signupEnabled, false);
    const refused = await new TestClient(url).post('/api/auth/signup', { username: uniqueUsername(), password: 'long enough' });
    assert.equal(refused.status, 403);
    assert.match(refused.body.message, /Sign-up is turned off/);
    assert.equal((await admin.request('PUT', '/api/admin/settings', { signupEnabled: true })).status, 200);
    await new TestClient(url).signup();
    const entries = await audit();
    assert.ok(entries.some((e) => e.action === 'settings.signup' && e.detail === 'sign-up off'));
    assert.ok(entries.some((e) => e.action === 'settings.signup' && e.detail === 'sign-up on'));
  });
});
