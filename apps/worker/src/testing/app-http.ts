import { request } from 'node:http';

export interface AppResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A request to a hosted app through this node's Caddy (loopback), with the app's domain as Host. */
export function appRequest(port: number, domain: string, path = '/', options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<AppResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: domain, ...options.headers }, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}
