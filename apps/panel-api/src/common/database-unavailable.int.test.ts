import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApi, TestClient } from '../testing/test-api';

/**
 * A TCP proxy on loopback in front of the panel's MariaDB, which this test can cut and restore: the shared MariaDB
 * itself is never stopped.
 */
class CuttableProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** MariaDB "goes down": open connections drop and new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe('the panel database unreachable', () => {
  let api: INestApplication;
  let client: TestClient;
  let proxy: CuttableProxy;

  before(async () => {
    const real = new URL(process.env.PANEL_DATABASE_URL ?? 'mysql://panel@127.0.0.1:3306/panel');
    proxy = new CuttableProxy({ host: real.hostname, port: Number(real.port || 3306) });
    await proxy.open();
    const viaProxy = new URL(real.href);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    ({ app: api } = await startTestApi({ PANEL_DATABASE_URL: viaProxy.href }).then(({ app, url }) => {
      client = new TestClient(url);
      return { app };
    }));
    await client.signup();
  });

  after(async () => {
    await proxy.open();
    await api?.close();
    await proxy.cut();
  });

  test('the API answers 503 DATABASE_UNAVAILABLE with a message (no 500, no stack) while MariaDB is down, and recovers by itself', async () => {
    assert.equal((await client.get('/api/account')).status, 200);
    await proxy.cut();
    const anonymous = new TestClient(client.url);
    for (const [what, call] of [
      ['an authenticated read', () => client.get('/api/account')],
      ['another read', () => client.get('/api/environments')],
      ['a write', () => client.post('/api/account/tokens', { name: 'while down' })],
      ['a login', () => anonymous.post('/api/auth/login', { username: 'someone', password: 'a password' })],
    ] as const) {
      const res = await call();
      assert.equal(res.status, 503, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'DATABASE_UNAVAILABLE', what);
      assert.equal(res.body.statusCode, 503);
      assert.equal(res.body.error, 'Service Unavailable');
      assert.match(res.body.message, /database .* not reachable/);
      assert.equal(res.headers.get('retry-after'), '5');
      assert.doesNotMatch(JSON.stringify(res.body), /at .*\.js|Error:/, 'no stack or driver error is sent');
    }

    await proxy.open();
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await client.get('/api/account')).status) !== 200) await sleep(250);
    assert.equal(status, 200, 'the API answers again once MariaDB is back, without a restart');
    const made = await client.post('/api/account/tokens', { name: 'after' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  });
});
