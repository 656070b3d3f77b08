import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { fakeActiveNode, startTestApi, TestClient } from '../testing/test-api';

/** A self-signed certificate and its key for these names (openssl, as a user would make one). */
async function selfSigned(dir: string, name: string, dnsNames: string[]) {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', `/CN=${dnsNames[0]}/O=Test Org`, '-addext', `subjectAltName=${dnsNames.map((d) => `DNS:${d}`).join(',')}`], { stdio: 'ignore' });
  return { cert: await readFile(cert, 'utf8'), key: await readFile(key, 'utf8') };
}

describe('PythonAnywhere webapps/{domain}/ssl/: install, read and remove a certificate', () => {
  let app: INestApplication;
  let url: string;
  let dir: string;
  let username: string;
  let domain: string;
  let owner: TestClient;
  let attacker: TestClient;
  let attackerName: string;
  let removeNode: () => Promise<void>;

  before(async () => {
    let config;
    ({ app, url, config } = await startTestApi());
    removeNode = await fakeActiveNode(app, config, 'ssl-test');
    dir = await mkdtemp(join(tmpdir(), 'pa-ssl-'));
    const session = new TestClient(url);
    username = (await session.signup()).account.username;
    const made = await session.post('/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    domain = made.body.webapp.domain;
    owner = new TestClient(url);
    owner.token = (await session.post('/api/account/tokens', { name: 'ssl' })).body.token;
    const other = new TestClient(url);
    attackerName = (await other.signup()).account.username;
    attacker = new TestClient(url);
    attacker.token = (await other.post('/api/account/tokens', { name: 'ssl' })).body.token;
  });
  after(async () => {
    await removeNode?.();
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ssl = () => `/api/v0/user/${username}/webapps/${domain}/ssl/`;

  test('POST {cert, private_key} as the client sends it installs them; GET gives not_after, issuer, subject and names, never the key; DELETE removes', async () => {
    assert.equal((await owner.get(ssl())).status, 404, 'nothing installed yet');
    const { cert, key } = await selfSigned(dir, 'good', [domain, `www.${domain}`]);
    const installed = await owner.post(ssl(), { cert, private_key: key });
    assert.equal(installed.status, 200, JSON.stringify(installed.body));
    const info = await owner.get(ssl());
    assert.equal(info.status, 200);
    assert.ok(new Date(info.body.not_after).getTime() > Date.now() + 20 * 24 * 3600 * 1000);
    assert.match(info.body.subject_name, new RegExp(`CN=${domain.replace(/\./g, '\\.')}`));
    assert.match(info.body.issuer_name, /O=Test Org/);
    assert.deepEqual(info.body.subject_alternate_names, [domain, `www.${domain}`]);
    assert.doesNotMatch(JSON.stringify(info.body), /PRIVATE KEY/);
    assert.equal((await owner.delete(ssl())).status, 204);
    assert.equal((await owner.get(ssl())).status, 404);
    assert.equal((await owner.delete(ssl())).status, 404);
  });

  test('a key of another certificate, a certificate for another domain, garbage and missing fields are a clear 400 and install nothing', async () => {
    const good = await selfSigned(dir, 'mine', [domain]);
    const stranger = await selfSigned(dir, 'stranger', ['elsewhere.example.org']);
    const cases: [unknown, RegExp][] = [
      [{ cert: good.cert, private_key: stranger.key }, /does not match/],
      [{ cert: stranger.cert, private_key: stranger.key }, /does not cover/],
      [{ cert: 'not a certificate', private_key: good.key }, /not a PEM certificate/],
      [{ cert: good.cert, private_key: 'not a key' }, /not an unencrypted PEM private key/],
      [{ cert: good.cert }, /private_key/],
      [{}, /cert/],
    ];
    for (const [body, message] of cases) {
      const res = await owner.post(ssl(), body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(res.body.message, message);
    }
    assert.equal((await owner.get(ssl())).status, 404, 'nothing was installed');
  });

  test("another account's web app: 404 Not found. under its username, 404 for the domain under one's own, nothing changed", async () => {
    const { cert, key } = await selfSigned(dir, 'victim', [domain]);
    assert.equal((await owner.post(ssl(), { cert, private_key: key })).status, 200);
    const before = (await owner.get(ssl())).body;
    for (const path of [ssl(), `/api/v0/user/${attackerName}/webapps/${domain}/ssl/`]) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const res = await attacker.request(method, path, method === 'POST' ? { cert, private_key: key } : undefined);
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.doesNotMatch(JSON.stringify(res.body), /BEGIN|not_after/);
      }
    }
    assert.deepEqual((await owner.get(ssl())).body, before);
  });
});
