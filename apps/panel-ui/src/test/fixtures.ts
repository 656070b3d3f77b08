import { JobName, type JobView, type WebAppView } from '@panel/contracts';

/** alice's web app as the API returns it; tests override what they are about. */
export function webAppView(over: Partial<WebAppView> = {}): WebAppView {
  const domain = over.domain ?? 'alice.apps.example.test';
  return {
    id: 7,
    domain,
    domainVerification: { verified: true, verifiedAt: '2025-01-01T00:00:00.000Z', cnameTarget: 'alice.apps.example.test', txtRecord: null },
    url: `http://${domain}:8080/`,
    pythonVersion: '3.11',
    sourceDirectory: '/home/alice/mysite',
    workingDirectory: '/home/alice',
    wsgiFile: '/var/www/alice_apps_example_test_wsgi.py',
    command: null,
    virtualenv: '/home/alice/.virtualenvs/mysite-env',
    workers: 1,
    enabled: true,
    forceHttps: false,
    passwordProtection: { enabled: false, username: null },
    runMigrationsOnReload: false,
    status: 'running',
    nodeId: 'n1',
    lastReloadJobId: null,
    lastReloadError: null,
    lastReloadedAt: null,
    staticFiles: [],
    logs: { access: `/var/log/${domain}.access.log`, error: `/var/log/${domain}.error.log`, server: `/var/log/${domain}.server.log` },
    createdAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

/** A queued job of alice's; tests set its name, status and progress. */
export function jobView(over: Partial<JobView> = {}): JobView {
  return {
    id: 'j1',
    name: JobName.WebAppReload,
    status: 'queued',
    accountId: 1,
    resourceKey: 'webapp:7',
    nodeId: 'n1',
    progress: null,
    error: null,
    title: 'Reload alice.apps.example.test',
    createdAt: '2025-01-02T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...over,
  };
}
