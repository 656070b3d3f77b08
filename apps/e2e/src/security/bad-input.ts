import fc from 'fast-check';

/**
 * Requests generated from the OpenAPI document that each break their operation's rules in at least one way (wrong
 * types, missing required fields, non-object or truncated JSON, wrong content types, oversized bodies, path tricks in
 * every path parameter and `path` query), with extra fields, huge strings, unicode and NUL on top. Every one of them
 * must be refused with a 4xx in the error shape and change nothing.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  maxLength?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

export interface BadRequest {
  operation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The body is this many bytes of `z` after `body` (an oversized one, made only when it is sent). */
  oversized?: number;
  /** Sent without the account's token: answered 401 before anything else. */
  anonymous: boolean;
}

/** Operations that take no input at all, so no request to them can be wrong; they are sent only without a token. */
const NO_INPUT_ACTIONS = new Set(['POST /api/auth/logout', 'POST /api/auth/sign-out-everywhere']);

const strangeText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\u202e', '\ud83d\ude00', '\uffff', 'é', 'ß'.repeat(50), '%00', '%', '%zz', '\r\n', ' ', ''),
  fc.integer({ min: 1, max: 3_000 }).map((n) => 'x'.repeat(n)),
);

/** Path tricks: every one of them must be refused wherever a path or a name is expected. */
const pathTrick = (username: string) =>
  fc.oneof(
    fc.constantFrom(
      '..',
      '../..',
      '/etc/shadow',
      `/home/${username}/../../etc/passwd`,
      `/home/${username}/../other/x`,
      '/home/other/x',
      '/proc/self/environ',
      '/var/www/../../etc/passwd',
      '/var/log/../../root',
      `/home/${username}/\u0000x`,
      '\u0000',
      '//',
      '/..',
      'C:\\Windows',
      '..\\..\\etc',
      '%2e%2e%2f%2e%2e',
      '/dev/zero',
      '/root/.ssh/id_rsa',
    ),
    fc.array(fc.constantFrom('..', '.', '', 'x', '\u0000', '%2f'), { minLength: 2, maxLength: 8 }).map((parts) => `/home/${username}/${parts.join('/')}/../../..`),
    // Long, but within the 16 KiB Node allows for a request's head.
    fc.integer({ min: 500, max: 3_000 }).map((n) => `/home/${username}/${'a/'.repeat(n)}`),
  );

const numberTrick = fc.oneof(
  fc.constantFrom(-1, 0, -2147483649, 2 ** 53, 1e308, -1e308, 0.5, -0.0),
  fc.integer(),
  fc.double({ noNaN: false }),
);

/** A value that is not of the schema's type (never coercible to it: objects and arrays for scalars, scalars for objects). */
function wrongTypeFor(schema: JsonSchema): fc.Arbitrary<unknown> | null {
  const type = Array.isArray(schema.type) ? null : schema.type;
  switch (type) {
    case 'string':
      return fc.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }), fc.array(fc.string(), { maxLength: 3 }), fc.boolean(), numberTrick);
    case 'number':
    case 'integer':
      return fc.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.constantFrom('NaN', 'Infinity', 'abc', ''));
    case 'boolean':
      return fc.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.boolean(), { maxKeys: 3 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }), fc.constantFrom('maybe', 2, -1));
    case 'object':
      return fc.oneof(fc.constant(null), fc.string(), numberTrick, fc.array(fc.anything(), { maxLength: 3 }), fc.boolean());
    case 'array':
      return fc.oneof(fc.constant(null), fc.string(), numberTrick, fc.dictionary(fc.string({ maxLength: 5 }), fc.anything(), { maxKeys: 3 }), fc.boolean());
    default:
      return null;
  }
}

/** A value of roughly the schema's type, but as strange as possible (it may or may not pass; another field breaks). */
function strangeValueFor(schema: JsonSchema, username: string): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return fc.oneof(strangeText, pathTrick(username), fc.integer({ min: 10_000, max: 100_000 }).map((n) => 'h'.repeat(n)), ...(schema.maxLength ? [fc.constant('y'.repeat(schema.maxLength + 1))] : []));
    case 'number':
    case 'integer':
      return numberTrick;
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? strangeValueFor(schema.items, username) : fc.anything(), { maxLength: 4 });
    default:
      return fc.anything();
  }
}

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string | Buffer; contentType: string; oversized?: number };

/** A body that breaks the schema in at least one way, with other fields strange and extra ones added. */
function brokenBody(schema: JsonSchema | undefined, username: string): fc.Arbitrary<Body> {
  const nonObject = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.anything(), { maxLength: 4 }), fc.boolean()).map((value): Body => ({ kind: 'json', value }));
  const truncated = fc
    .tuple(fc.json(), fc.nat())
    .filter(([text]) => text.length > 1)
    .map(([text, cut]): Body => ({ kind: 'raw', text: `{"a":${text}`.slice(0, 1 + (cut % (text.length + 5))), contentType: 'application/json' }));
  const garbage = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).map((text): Body => ({ kind: 'raw', text: `\u0000${text}`, contentType: 'application/json' })),
    fc.constantFrom('{"a":', '[', '{"__proto__":', '{', '"', 'nul').map((text): Body => ({ kind: 'raw', text, contentType: 'application/json' })),
    // Past the 1 MiB JSON limit; the bytes are made when the request is sent, not kept for every request.
    fc.integer({ min: 1, max: 64 * 1024 }).map((extra): Body => ({ kind: 'raw', text: '{"x":"', oversized: 1024 * 1024 + extra, contentType: 'application/json' })),
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes): Body => ({ kind: 'raw', text: Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(bytes)]), contentType: 'application/json; charset=utf-16' })),
  );
  const breakers: fc.Arbitrary<Body>[] = [nonObject, truncated, garbage];
  const properties = Object.entries(schema?.properties ?? {});
  if (properties.length) {
    const strangeObject = fc.record(Object.fromEntries(properties.map(([name, prop]) => [name, strangeValueFor(prop, username)])), { requiredKeys: [] });
    const extra = fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'uid', 'accountId')), fc.anything(), { maxKeys: 4 });
    const typed = properties.flatMap(([name, prop]) => {
      const wrong = wrongTypeFor(prop);
      return wrong ? [wrong.map((value) => [name, value] as const)] : [];
    });
    if (typed.length) {
      breakers.push(
        fc.tuple(strangeObject, extra, fc.oneof(...typed)).map(([base, more, [name, value]]): Body => ({ kind: 'json', value: { ...more, ...base, [name]: value } })),
      );
    }
    const required = schema?.required ?? [];
    if (required.length) {
      breakers.push(
        fc.tuple(strangeObject, extra, fc.constantFrom(...required)).map(([base, more, missing]): Body => {
          const value: Record<string, unknown> = { ...more, ...base };
          delete value[missing];
          return { kind: 'json', value };
        }),
      );
    }
  }
  return fc.oneof(...breakers);
}

/**
 * One operation's generated requests. Every path parameter gets a value no account owns (a path trick, strange text,
 * a number trick), except `username` and `engine`, which are the account's own name and an engine half the time so
 * the request goes deeper than the first check.
 */
export function badRequests(method: string, template: string, operation: Operation, username: string, count: number, seed: number): BadRequest[] {
  const name = `${method.toUpperCase()} ${template}`;
  const params = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const paramValue = (param: string): fc.Arbitrary<string> => {
    const hostile = fc.oneof(pathTrick(username), strangeText, numberTrick.map(String));
    if (param === 'username') return fc.oneof(fc.constant(username), hostile);
    if (param === 'engine') return fc.oneof(fc.constantFrom('mysql', 'postgres'), hostile);
    return hostile;
  };
  const jsonSchema = operation.requestBody?.content?.['application/json']?.schema;
  const takesBody = !['get', 'delete', 'head'].includes(method);
  const arbitrary = fc.record({
    params: fc.tuple(...params.map(paramValue), fc.constant('')),
    query: fc.option(fc.tuple(pathTrick(username), fc.dictionary(fc.string({ maxLength: 8 }), strangeText, { maxKeys: 3 })), { nil: undefined }),
    body: takesBody ? brokenBody(jsonSchema, username) : fc.constant(undefined),
    wrongContentType: fc.option(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1'), { nil: undefined, freq: 4 }),
    anonymous: fc.nat({ max: 4 }).map((n) => n === 0 || NO_INPUT_ACTIONS.has(name)),
  });
  return fc.sample(arbitrary, { seed, numRuns: count }).map(({ params: values, query, body, wrongContentType, anonymous }) => {
    let path = template;
    params.forEach((param, i) => {
      const value = values[i];
      // `rest` is the PythonAnywhere files API's path: its slashes are part of it.
      const encoded = param === 'rest' ? value.split('/').map(encodeURIComponent).join('/').replace(/^\/+/, '') || '%00' : encodeURIComponent(value) || '%00';
      path = path.replace(`{${param}}`, encoded);
    });
    if (query) {
      const search = new URLSearchParams({ ...query[1], path: query[0] });
      path += `?${search.toString()}`;
    }
    const headers: Record<string, string> = {};
    let sent: string | Buffer | undefined;
    if (body?.kind === 'json') {
      sent = JSON.stringify(body.value) ?? 'null';
      headers['content-type'] = 'application/json';
    } else if (body?.kind === 'raw') {
      sent = body.text;
      headers['content-type'] = body.contentType;
    }
    // Past Node's 16 KiB head the server answers 431 at once and closes: a large body would only meet a closed socket.
    const oversized = body?.kind === 'raw' && path.length < 8_000 ? body.oversized : undefined;
    // Under a wrong content type the server reads no body at all: that is broken only where a field is required.
    if (sent !== undefined && wrongContentType && jsonSchema?.required?.length) headers['content-type'] = wrongContentType;
    return { operation: name, method: method.toUpperCase(), path, headers, body: sent, oversized, anonymous };
  });
}

export function allBadRequests(document: OpenApiDocument, username: string, perOperation: number, seed: number): BadRequest[] {
  const requests: BadRequest[] = [];
  let index = 0;
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      requests.push(...badRequests(method, template, operation, username, perOperation, seed + index++));
    }
  }
  return requests;
}
