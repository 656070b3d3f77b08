import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chown, lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { getRepositoryToken } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { wsgiFileName } from '@panel/contracts';
import { WebAppEntity } from '@panel/database';
import { accountContainerHome, accountHostHome, accountWebDirs, ensureAccountWebDirs } from '@panel/home-fs';
import { Repository } from 'typeorm';
import { MysqlAdmin } from '../databases/mysql-admin.service';
import { JobsService } from '../jobs/jobs.service';
import { fakeActiveNode, startTestApi, TestClient } from '../testing/test-api';

interface Account {
  client: TestClient;
  id: number;
  username: string;
  uid: number;
  home: string;
  www: string;
}

const boardRequest = (domain: string, sourceDirectory: string) => ({
  domain,
  template: 'comment-board',
  pythonVersion: '3.11',
  sourceDirectory,
  initialUser: { username: 'admin', password: 'a long password' },
});

const exists = (path: string) => lstat(path).then(() => true, () => false);

describe('creating a web app is one use-case whose steps undo themselves', () => {
  let app: INestApplication;
  let forgetNode: (() => Promise<void>) | undefined;
  let url: string;
  let config: PanelConfig;
  let webapps: Repository<WebAppEntity>;
  let mysql: MysqlAdmin;

  const account = async (): Promise<Account> => {
    const client = new TestClient(url);
    const session = await client.signup();
    const { id, username, uid } = session.account;
    const dirs = await ensureAccountWebDirs(config, username, uid);
    return { client, id, username, uid, home: accountHostHome(config, username), www: dirs.www };
  };

  /** Nothing of a refused creation is anywhere: no source folder, no WSGI file, no MySQL user or database. */
  const assertNothingMade = async (who: Account, domain: string, sourceDirectory: string) => {
    assert.equal(await exists(join(who.home, sourceDirectory)), false, `${sourceDirectory} was not made`);
    assert.equal(await exists(join(accountWebDirs(config, who.username).www, wsgiFileName(domain))), false, 'no WSGI file was written');
    assert.equal(await exists(join(who.home, '.my.cnf')), false, 'no MySQL credentials file was written');
    assert.equal(await mysql.userState(who.username), 'none', 'no MySQL user was made');
    assert.deepEqual(await mysql.listDatabases(who.username), [], 'no MySQL database was made');
    assert.deepEqual((await who.client.get('/api/webapps')).body, [], 'no web app row');
  };

  before(async () => {
    ({ app, url, config } = await startTestApi());
    webapps = app.get(getRepositoryToken(WebAppEntity), { strict: false });
    mysql = app.get(MysqlAdmin, { strict: false });
    // A node that looks online, so web apps can be created (their jobs are never run here).
    forgetNode = await fakeActiveNode(app, config, 'create-webapp');
  });

  after(async () => {
    await forgetNode?.();
    await app?.close();
  });

  test('two creations of one domain at once: one is made, the other is a 409 WEBAPP_DOMAIN_TAKEN that made nothing', async () => {
    const [a, b] = [await account(), await account()];
    const domain = `dup-${randomBytes(4).toString('hex')}.example.org`;
    const [ra, rb] = await Promise.all([a.client.post('/api/webapps', boardRequest(domain, 'board')), b.client.post('/api/webapps', boardRequest(domain, 'board'))]);
    assert.deepEqual([ra.status, rb.status].sort(), [201, 409], `${ra.status} ${JSON.stringify(ra.body)} / ${rb.status} ${JSON.stringify(rb.body)}`);
    const [winner, loser, refused] = ra.status === 201 ? [a, b, rb] : [b, a, ra];
    assert.equal(refused.body.code, 'WEBAPP_DOMAIN_TAKEN');
    assert.equal(refused.body.message, `There is already a web app at ${domain}.`);
    await assertNothingMade(loser, domain, 'board');
    // The winner has all of it.
    assert.ok((await readdir(join(winner.home, 'board'))).includes('flask_app.py'));
    assert.match(await readFile(join(winner.www, wsgiFileName(domain)), 'utf8'), /from flask_app import app as application/);
    assert.ok(await mysql.databaseExists(winner.username, `${winner.username}$comments`));
  });

  test('a row inserted between the check and the insert: a 409 WEBAPP_DOMAIN_TAKEN that made nothing and left the other app as it was', async () => {
    const [owner, late] = [await account(), await account()];
    const domain = `race-${randomBytes(4).toString('hex')}.example.org`;
    const ownerRow = { accountId: owner.id, domain, pythonVersion: '3.11', sourceDirectory: `${accountContainerHome(owner.username)}/theirs`, workingDirectory: accountContainerHome(owner.username), nodeId: config.nodeId, status: 'stopped' as const, domainVerifiedAt: new Date() };
    // The check finds the domain free; then another creation claims it before this one inserts its row.
    const existsBy = webapps.existsBy;
    webapps.existsBy = async (where) => {
      webapps.existsBy = existsBy;
      const free = await existsBy.call(webapps, where);
      await webapps.save(webapps.create(ownerRow));
      return free;
    };
    try {
      const res = await late.client.post('/api/webapps', boardRequest(domain, 'board'));
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.code, 'WEBAPP_DOMAIN_TAKEN');
    } finally {
      webapps.existsBy = existsBy;
    }
    await assertNothingMade(late, domain, 'board');
    const kept = await webapps.findOneByOrFail({ domain });
    assert.equal(kept.accountId, owner.id, "the other account's app is untouched");
  });

  test("the same account's second creation of a domain leaves the first app's code and WSGI file exactly as they were", async () => {
    const a = await account();
    const domain = `${a.username}.${config.appsDomain}`;
    assert.equal((await a.client.post('/api/webapps', { template: 'flask', pythonVersion: '3.11', sourceDirectory: 'first' })).status, 201);
    const wsgi = join(a.www, wsgiFileName(domain));
    await writeFile(wsgi, '# my own WSGI file\n');
    const before = await readFile(wsgi, 'utf8');
    const existsBy = webapps.existsBy;
    webapps.existsBy = async () => ((webapps.existsBy = existsBy), false); // as if the first app were made meanwhile
    try {
      const res = await a.client.post('/api/webapps', { template: 'flask', pythonVersion: '3.11', sourceDirectory: 'second' });
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.code, 'WEBAPP_DOMAIN_TAKEN');
    } finally {
      webapps.existsBy = existsBy;
    }
    assert.equal(await exists(join(a.home, 'second')), false);
    assert.equal(await readFile(wsgi, 'utf8'), before);
    assert.ok((await readdir(join(a.home, 'first'))).includes('flask_app.py'));
  });

  test('a step failing after the disk and MySQL steps undoes them all, keeping what the account had', async () => {
    const a = await account();
    const domain = `undo-${randomBytes(4).toString('hex')}.example.org`;
    // The account's own: an empty folder to put the code in, and a WSGI file left from an app it deleted.
    await mkdir(join(a.home, 'emptyboard'));
    await chown(join(a.home, 'emptyboard'), a.uid, a.uid);
    const wsgi = join(a.www, wsgiFileName(domain));
    const theirs = Buffer.from('# kept from before\n\u00e9\n');
    await writeFile(wsgi, theirs);
    await chown(wsgi, a.uid, a.uid);

    const jobs = app.get(JobsService, { strict: false });
    const enqueue = jobs.enqueue;
    jobs.enqueue = async () => {
      jobs.enqueue = enqueue;
      throw new Error('the queue is gone');
    };
    try {
      const res = await a.client.post('/api/webapps', boardRequest(domain, 'emptyboard'));
      assert.equal(res.status, 500, JSON.stringify(res.body));
      assert.ok(res.body.errorId && !JSON.stringify(res.body).includes('the queue is gone'), 'a 5xx carries an error id, never the error');
    } finally {
      jobs.enqueue = enqueue;
    }
    assert.deepEqual(await readdir(join(a.home, 'emptyboard')), [], 'the folder the account had is still there, empty');
    assert.deepEqual(await readFile(wsgi), theirs, 'the WSGI file the account had has its bytes back');
    assert.equal(await exists(join(a.home, '.my.cnf')), false, 'the generated MySQL credentials are gone');
    assert.equal(await mysql.userState(a.username), 'none', 'the MySQL user made for it is gone');
    assert.deepEqual(await mysql.listDatabases(a.username), [], 'the MySQL databases made for it are gone');
    assert.equal((await a.client.get(`/api/webapps/${domain}`)).status, 404, 'the row is gone');

    // And with the failure gone, the same request makes the app.
    const again = await a.client.post('/api/webapps', boardRequest(domain, 'emptyboard'));
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.ok((await readdir(join(a.home, 'emptyboard'))).includes('flask_app.py'));
  });
});
