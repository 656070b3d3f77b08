import { request } from 'node:http';

/** A raw HTTP request: the path goes out exactly as given (fetch would normalise "..") and the body may stream. */
export function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | ((write: (chunk: Buffer) => Promise<void>) => Promise<void>),
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (typeof body === 'function') {
      const write = (chunk: Buffer) => new Promise<void>((ok) => (req.write(chunk) ? ok() : req.once('drain', () => ok())));
      body(write).then(() => req.end(), reject);
    } else req.end(body);
  });
}

/** A multipart body for one or more files, built in memory (small files). */
export function multipart(files: { field?: string; name: string; content: Buffer | string }[]): { body: Buffer; contentType: string } {
  const boundary = `----panel${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8'),
      Buffer.from(f.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
