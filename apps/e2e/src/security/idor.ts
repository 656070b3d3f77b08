/** What the victim owns, for filling another account's ids, names and domains into every operation's path. */
export interface VictimResources {
  username: string;
  domain: string;
  jobId: string;
  staticFileId: number;
  consoleId: number;
  tokenId: number;
  taskId: number;
  taskRunId: string;
  alwaysOnId: number;
  environment: string;
  database: string;
  nodeId: string;
}

export interface IdorCall {
  method: string;
  path: string;
  body: unknown;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}

/** A body that passes validation, so the operation reaches its ownership check (an empty body could stop at a 400). */
function plausibleBody(method: string, path: string, victim: VictimResources): unknown {
  if (method === 'GET' || method === 'DELETE') return undefined;
  if (path.endsWith('/wsgi')) return { content: 'stolen = True\n' };
  if (path.includes('static_files')) return { url: '/stolen/', path: `/home/${victim.username}` };
  if (path.endsWith('/packages') || path.endsWith('/uninstall')) return { packages: ['six'] };
  if (path.endsWith('/migrations')) return { action: 'status' };
  if (path.endsWith('/send_input')) return { input: 'echo stolen\n' };
  if (/\/default_\w+_version$/.test(path)) return { [path.slice(path.lastIndexOf('/') + 1)]: '3.9' };
  if (path.endsWith('/system_image')) return { system_image: 'panel-python' };
  if (path.endsWith('/password') || path.endsWith('/initialize')) return { password: 'stolen-password-1', confirmPassword: 'stolen-password-1' };
  if (path.includes('/v0/') && path.endsWith('/webapps')) return { domain_name: victim.domain, python_version: 'python311' };
  if (path.includes('/v0/') && path.endsWith('/consoles')) return { executable: 'bash' };
  if (path.includes('/v1/') && path.endsWith('/websites')) return { domain_name: victim.domain, enabled: true, webapp: { command: 'echo stolen' } };
  if (/\/websites\/[^/]+$/.test(path)) return method === 'PATCH' ? { enabled: false, webapp: { command: 'echo stolen' } } : {};
  if (/\/webapps\/[^/]+$/.test(path)) return method === 'PATCH' ? { workers: 3, python_version: '3.11' } : {};
  if (/\/consoles\/[^/]+$/.test(path)) return { name: 'stolen' };
  if (/\/api\/tasks\/[^/]+$/.test(path)) return { command: 'echo stolen', enabled: false };
  if (/\/schedule\/[^/]+$/.test(path)) return { command: 'echo stolen', interval: 'hourly', minute: 1, enabled: false };
  if (path.endsWith('/schedule')) return { command: 'echo stolen', interval: 'hourly', minute: 1 };
  if (/\/always-on\/[^/]+$/.test(path) || /\/always_on\/[^/]+$/.test(path)) return { command: 'echo stolen', enabled: true };
  if (path.endsWith('/always_on')) return { command: 'echo stolen' };
  return {};
}

/**
 * Every operation of the OpenAPI document that names a resource in its path, with the victim's own ids, names and
 * domains filled in: a new endpoint is covered without a test being written for it. Operations whose only path
 * parameter is the database engine name the caller's own resources and are left out.
 */
export function idorCalls(document: OpenApiDocument, victim: VictimResources): IdorCall[] {
  const calls: IdorCall[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    if (!names.length || names.every((n) => n === 'engine')) continue;
    // A share link (/api/shares/{token}) is public by design; sharing another's file is tested by the files test.
    if (template.startsWith('/api/shares/')) continue;
    const path = template.replace(/\{(\w+)\}/g, (_all, name: string) => {
      switch (name) {
        case 'username':
          return victim.username;
        case 'domain':
          return victim.domain;
        case 'engine':
          return 'mysql';
        case 'kind':
          return 'error';
        case 'rest':
          return `home/${victim.username}/mysite/flask_app.py`;
        case 'jobId':
          return victim.jobId;
        case 'runId':
          return victim.taskRunId;
        case 'name':
          return template.startsWith('/api/environments') ? victim.environment : victim.database;
        case 'id':
          if (template.startsWith('/api/jobs')) return victim.jobId;
          if (template.startsWith('/api/nodes')) return victim.nodeId;
          if (template.includes('static_files')) return String(victim.staticFileId);
          if (template.includes('consoles')) return String(victim.consoleId);
          if (template.includes('tokens')) return String(victim.tokenId);
          if (template.startsWith('/api/tasks') || template.includes('/schedule/')) return String(victim.taskId);
          if (template.startsWith('/api/always-on') || template.includes('/always_on/')) return String(victim.alwaysOnId);
          return '1';
        default:
          throw new Error(`the IDOR suite does not know how to fill {${name}} in ${template}: teach it`);
      }
    });
    for (const method of Object.keys(operations)) {
      const upper = method.toUpperCase();
      calls.push({ method: upper, path, body: plausibleBody(upper, path, victim) });
    }
  }
  return calls;
}
