import { createHash } from 'node:crypto';

export interface AppRoute {
  webappId: number;
  domains: string[];
  /** host:port of the container; null when the app has none running (disabled, failed). */
  upstream: string | null;
  enabled: boolean;
  forceHttps: boolean;
  basicAuth: { username: string; bcryptHash: string } | null;
}

export const SERVER_NAME = 'panel-apps';

const page = (title: string, text: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title><style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;color:#333}</style></head><body><h1>${title}</h1><p>${text}</p></body></html>`;

const html = (status: number, title: string, text: string) => ({
  handler: 'static_response',
  status_code: status,
  headers: { 'Content-Type': ['text/html; charset=utf-8'] },
  body: page(title, text),
});

/**
 * The whole Caddy config for one node's hosted apps. It is loaded in one piece (POST /load), which Caddy applies
 * gracefully: requests in flight finish on the old routes, new ones take the new routes, listeners stay open.
 */
export function buildCaddyConfig(routes: AppRoute[], options: { adminListen: string; appsPort: number }) {
  const appRoutes = routes
    .filter((r) => r.domains.length)
    .sort((a, b) => a.webappId - b.webappId)
    .map((route) => ({
      '@id': `webapp-${route.webappId}`,
      match: [{ host: route.domains }],
      terminal: true,
      handle: [{ handler: 'subroute', routes: appHandlers(route) }],
    }));
  return wholeConfig(SERVER_NAME, appRoutes, { adminListen: options.adminListen, port: options.appsPort });
}

/**
 * One Caddy's whole config around its routes: one plain-HTTP server, a marker route named for the routes' hash that
 * never matches (so the worker can tell whether Caddy still holds this config), and a 404 page for any other host.
 */
function wholeConfig(serverName: string, routes: object[], options: { adminListen: string; port: number }) {
  const hash = createHash('sha256').update(JSON.stringify(routes)).digest('hex').slice(0, 16);
  return {
    hash,
    config: {
      admin: { listen: options.adminListen },
      apps: {
        http: {
          servers: {
            [serverName]: {
              listen: [`:${options.port}`],
              automatic_https: { disable: true },
              routes: [
                ...routes,
                { '@id': `panel-config-${hash}`, match: [{ host: ['panel-config.invalid'] }], handle: [html(404, 'Not found', '')] },
                { handle: [html(404, 'No web app here', 'There is no web app at this address.')] },
              ],
            },
          },
        },
      },
    },
  };
}

function appHandlers(route: AppRoute): object[] {
  const handlers: object[] = [];
  if (route.forceHttps) {
    handlers.push({
      match: [{ protocol: 'http' }],
      handle: [{ handler: 'static_response', status_code: 301, headers: { Location: ['https://{http.request.host}{http.request.uri}'] } }],
    });
  }
  if (!route.enabled) {
    // Disabled by its owner (Web tab) or with its whole account by an operator (Admin page): both keep the route.
    handlers.push({
      handle: [html(503, 'This web app is disabled', 'It is not being served: its owner or the platform\'s operator has disabled it. If it is yours, enable it in the Web tab, or ask the operator.')],
    });
    return handlers;
  }
  if (route.basicAuth) {
    handlers.push({
      handle: [
        {
          handler: 'authentication',
          providers: {
            http_basic: {
              hash: { algorithm: 'bcrypt' },
              accounts: [{ username: route.basicAuth.username, password: route.basicAuth.bcryptHash }],
              realm: 'Password protected',
            },
          },
        },
      ],
    });
  }
  if (!route.upstream) {
    handlers.push({ handle: [html(503, 'This web app is not running', 'Its last reload failed. If it is yours, check its error log in the Web tab and reload it.')] });
    return handlers;
  }
  handlers.push({
    handle: [
      {
        handler: 'reverse_proxy',
        upstreams: [{ dial: route.upstream }],
        // Every request dials the app's `current` socket afresh: a kept connection would stay with the old version
        // after a reload (uvicorn keeps them; gunicorn's sync workers close theirs). A unix socket is cheap to dial.
        transport: { protocol: 'http', keep_alive: { enabled: false } },
        // The readiness probe header is the platform's; visitors cannot send it to the app.
        headers: { request: { delete: ['X-Panel-Probe'] } },
      },
    ],
  });
  return handlers;
}

/** One domain's way through the edge: to the Caddy of the node its app runs on. */
export interface EdgeRoute {
  domains: string[];
  /** host:port of that node's Caddy. */
  nodeIngress: string;
}

export const EDGE_SERVER_NAME = 'panel-edge';

/**
 * The edge Caddy's config: every routed domain of every node, each to its node's Caddy (which applies the app's own
 * rules: password, force-HTTPS, disabled pages). The Host header passes through unchanged. Loaded in one piece like
 * a node's config, with the same marker route, so the leader can tell whether the edge still holds it.
 */
export function buildEdgeConfig(routes: EdgeRoute[], options: { adminListen: string; port: number }) {
  const edgeRoutes = routes
    .filter((r) => r.domains.length)
    .sort((a, b) => a.domains[0].localeCompare(b.domains[0]))
    .map((route) => ({
      match: [{ host: route.domains }],
      terminal: true,
      handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: route.nodeIngress }] }],
    }));
  return wholeConfig(EDGE_SERVER_NAME, edgeRoutes, options);
}
