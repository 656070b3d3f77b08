import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCaddyConfig, buildEdgeConfig, EDGE_SERVER_NAME } from './caddy-config';

const options = { adminListen: '127.0.0.1:2019', appsPort: 8080 };

test('each app routes its domains to its upstream, with basic auth when enabled', () => {
  const { config } = buildCaddyConfig(
    [
      { webappId: 2, domains: ['bob.apps.localhost'], upstream: '172.18.0.3:8000', enabled: true, forceHttps: false, basicAuth: { username: 'u', bcryptHash: '$2b$x' } },
      { webappId: 1, domains: ['alice.apps.localhost', 'www.example.com'], upstream: '172.18.0.2:8000', enabled: true, forceHttps: true, basicAuth: null },
    ],
    options,
  );
  const server = config.apps.http.servers['panel-apps'];
  assert.deepEqual(server.listen, [':8080']);
  const [first, second] = server.routes as any[];
  assert.equal(first['@id'], 'webapp-1');
  assert.deepEqual(first.match[0].host, ['alice.apps.localhost', 'www.example.com']);
  const aliceHandlers = first.handle[0].routes;
  assert.equal(aliceHandlers[0].handle[0].status_code, 301, 'force https redirects first');
  assert.equal(aliceHandlers.at(-1).handle[0].upstreams[0].dial, '172.18.0.2:8000');
  assert.deepEqual(aliceHandlers.at(-1).handle[0].transport, { protocol: 'http', keep_alive: { enabled: false } }, 'no kept connection outlives a reload');
  const bobHandlers = second.handle[0].routes;
  assert.equal(bobHandlers[0].handle[0].handler, 'authentication');
  assert.equal(bobHandlers[0].handle[0].providers.http_basic.accounts[0].username, 'u');
});

test('a disabled app or one with no container answers 503 pages', () => {
  const { config } = buildCaddyConfig(
    [
      { webappId: 1, domains: ['a.apps.localhost'], upstream: '1.2.3.4:8000', enabled: false, forceHttps: false, basicAuth: null },
      { webappId: 2, domains: ['b.apps.localhost'], upstream: null, enabled: true, forceHttps: false, basicAuth: null },
    ],
    options,
  );
  const routes = config.apps.http.servers['panel-apps'].routes as any[];
  assert.match(routes[0].handle[0].routes[0].handle[0].body, /disabled/);
  assert.match(routes[1].handle[0].routes[0].handle[0].body, /not running/);
});

test('the config hash changes with the routes', () => {
  const a = buildCaddyConfig([], options).hash;
  const b = buildCaddyConfig([{ webappId: 1, domains: ['a.b.c'], upstream: null, enabled: true, forceHttps: false, basicAuth: null }], options).hash;
  assert.notEqual(a, b);
});

test("the edge sends each routed domain to its node's Caddy, with the same marker and fallback as a node", () => {
  const { config, hash } = buildEdgeConfig(
    [
      { domains: ['b.apps.localhost'], nodeIngress: '10.0.0.2:8080' },
      { domains: [], nodeIngress: '10.0.0.3:8080' },
      { domains: ['a.apps.localhost'], nodeIngress: '10.0.0.1:8080' },
    ],
    { adminListen: '127.0.0.1:2020', port: 8090 },
  );
  const server = config.apps.http.servers[EDGE_SERVER_NAME];
  assert.deepEqual(server.listen, [':8090']);
  const routes = server.routes as any[];
  assert.equal(routes.length, 4, 'two domains, the marker and the fallback; an app with no routed domain has no route');
  assert.deepEqual(routes[0].match[0].host, ['a.apps.localhost']);
  assert.equal(routes[0].handle[0].upstreams[0].dial, '10.0.0.1:8080');
  assert.equal(routes[1].handle[0].upstreams[0].dial, '10.0.0.2:8080');
  assert.equal(routes[2]['@id'], `panel-config-${hash}`);
  assert.equal(routes[3].handle[0].status_code, 404);
});
