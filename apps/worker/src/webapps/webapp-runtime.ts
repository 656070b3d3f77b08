import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { PythonVersion, runtimeImageFor, webappLogContainerPath, wsgiContainerPath } from '@panel/contracts';
import { StaticFileEntity, WebAppEntity } from '@panel/database';
import { AbortedError } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AccountWorkspace } from '../accounts/account-workspace';
import { NODE_RUNTIME, type NodeRuntime, type OwnerOf, type WorkloadDetails, type WorkloadSummary } from '../node-runtime/node-runtime';

/** A web app's container as the runtime lists it. */
export type AppContainer = WorkloadSummary<OwnerOf<'webapp'>>;
import { AppSockets, appUpstream, nodeAppSockets, UntrustedSocketError } from './app-sockets';

/** The platform's WSGI wrapper and gunicorn settings, mounted read-only at /opt/panel in app containers. */
export const PLATFORM_PYTHON_DIR = join(__dirname, '..', '..', 'python');

// gunicorn comes from the image (Debian's), so an app runs even when its virtualenv has no WSGI server; only the
// gunicorn package is put on the path, not the rest of the system's packages. panel_serve.py starts it.
const START_SCRIPT = `
mkdir -p /tmp/panel-wsgi && ln -sfn /usr/lib/python3/dist-packages/gunicorn /tmp/panel-wsgi/gunicorn
export PYTHONPATH=/tmp/panel-wsgi:/opt/panel
exec "$PANEL_PYTHON" /opt/panel/panel_serve.py -c /opt/panel/gunicorn_conf.py panel_wsgi:application
`;

// A website's own command (API v1 websites) replaces gunicorn and the wrapper: bash runs it as the account with
// $DOMAIN_SOCKET set; its stdout goes to the server log and its stderr to the error log, as PythonAnywhere's do.
const WEBSITE_START_SCRIPT = `
exec >>"$PANEL_SERVER_LOG" 2>>"$PANEL_ERROR_LOG"
echo "[panel] starting: $PANEL_COMMAND" >&2
exec bash -c "$PANEL_COMMAND"
`;

/** What readiness means: the wrapper answers its probe with 204; a website's own server answers anything HTTP. */
export const answersReady = (command: string | null, status: number) => (command ? status > 0 : status === 204);

export class AppStartError extends Error {}

export interface StartedContainer {
  id: string;
  /** The container's socket directory (see AppSockets); becomes `current` once it answers. */
  slot: string;
  /** The account's uid: the only owner a socket the platform dials may have. */
  uid: number;
}

@Injectable()
export class WebAppRuntime {
  readonly sockets: AppSockets;

  constructor(
    @Inject(NODE_RUNTIME) private readonly runtime: NodeRuntime,
    @Inject(PANEL_CONFIG) config: PanelConfig,
  ) {
    this.sockets = nodeAppSockets(config);
  }

  /** What Caddy dials for an app: its `current` socket, the same across reloads. */
  upstreamFor(webappId: number) {
    return appUpstream(this.sockets, webappId);
  }

  /** Creates and starts a container for the app's current settings, listening on a socket in a new slot. */
  async start(app: WebAppEntity, staticFiles: StaticFileEntity[], workspace: AccountWorkspace, virtualenv: string | null, signal: AbortSignal): Promise<StartedContainer> {
    const slot = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const slotDir = await this.sockets.createSlot(app.id, slot, workspace.account.uid!);
    try {
      const id = await this.runtime.startLongRunning(
        {
          owner: { kind: 'webapp', accountId: app.accountId, username: workspace.account.username, webappId: app.id, domain: app.domain, slot },
          image: runtimeImageFor(app.pythonVersion as PythonVersion),
          cmd: ['bash', '-c', app.command ? WEBSITE_START_SCRIPT : START_SCRIPT],
          user: workspace.user,
          workingDir: app.workingDirectory,
          env: {
            ...workspace.env,
            PANEL_PYTHON: virtualenv ? `${virtualenv}/bin/python` : '/usr/bin/python3',
            ...(virtualenv ? { VIRTUAL_ENV: virtualenv } : {}),
            PANEL_WSGI_FILE: wsgiContainerPath(app.domain),
            PANEL_DOMAIN: app.domain,
            PANEL_SOURCE_DIR: app.sourceDirectory,
            PANEL_WORKING_DIR: app.workingDirectory,
            PANEL_WORKERS: String(app.workers),
            PANEL_ACCESS_LOG: webappLogContainerPath(app.domain, 'access'),
            PANEL_ERROR_LOG: webappLogContainerPath(app.domain, 'error'),
            PANEL_SERVER_LOG: webappLogContainerPath(app.domain, 'server'),
            PANEL_STATIC_FILES: JSON.stringify(staticFiles.map((s) => ({ url: s.url, path: s.path }))),
            PYTHONUNBUFFERED: '1',
            PANEL_BIND: 'unix:/run/panel/app.sock',
            ...(app.command ? { PANEL_COMMAND: app.command, DOMAIN_SOCKET: '/run/panel/app.sock', DOMAIN_NAME: app.domain } : {}),
          },
          binds: [...workspace.binds, `${PLATFORM_PYTHON_DIR}:/opt/panel:ro`, `${slotDir}:/run/panel`],
          restartOnExit: true,
        },
        signal,
      );
      return { id, slot, uid: workspace.account.uid! };
    } catch (error) {
      await this.sockets.removeSlot(app.id, slot);
      throw error;
    }
  }

  /**
   * Waits until the container answers the readiness probe (the wrapper answers it once the user's app imported),
   * or fails when the container exits or keeps restarting, or on timeout. The probe dials root's link to the socket
   * (AppSockets.publish), never the name in the container's folder.
   */
  async waitReady(webappId: number, started: StartedContainer, timeoutMs: number, signal: AbortSignal, command: string | null = null): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastStateCheck = 0;
    let published = false;
    while (Date.now() < deadline) {
      if (signal.aborted) throw new AbortedError(signal.reason);
      try {
        published ||= await this.sockets.publish(webappId, started.slot, started.uid);
      } catch (error) {
        if (error instanceof UntrustedSocketError) throw new AppStartError(error.message);
        throw error;
      }
      if (published && answersReady(command, await probe(this.sockets.publishedSocket(webappId, started.slot)))) return;
      if (Date.now() - lastStateCheck > 300) {
        lastStateCheck = Date.now();
        const info = await this.runtime.inspect(started.id, signal);
        if (!info || info.state !== 'running' || info.restartCount > 0) {
          throw new AppStartError(`the new version stopped${info?.exitCode ? ` (exit code ${info.exitCode})` : ''} before it answered`);
        }
      }
      await sleep(50);
    }
    throw new AppStartError(`the new version did not answer within ${Math.round(timeoutMs / 1000)} s`);
  }

  /** The last lines the container printed (gunicorn's own messages), for the server log and the job log. */
  containerOutput(id: string): Promise<string> {
    return this.runtime.recentOutput(id, 50);
  }

  remove(id: string): Promise<void> {
    return this.runtime.remove(id);
  }

  async removeContainer(container: AppContainer) {
    await this.remove(container.id);
    const { webappId, slot } = container.owner;
    if ((await this.sockets.activeSlot(webappId)) !== slot) await this.sockets.removeSlot(webappId, slot);
  }

  /** Stops gracefully (gunicorn finishes requests in flight), then removes it and its socket directory. */
  async stopAndRemove(container: AppContainer, graceSeconds = 10) {
    await this.runtime.stopAndRemove(container.id, graceSeconds);
    await this.sockets.removeSlot(container.owner.webappId, container.owner.slot);
  }

  /**
   * Whether a running container is the one Caddy reaches (its slot is `current`) and answers there within
   * timeoutMs (after a host restart Docker brings containers back and the app needs a moment to import). A container
   * that restarted has bound a new socket: it is checked and linked again (AppSockets.publish).
   */
  async servesCurrent(webappId: number, info: WorkloadDetails, uid: number, timeoutMs: number, command: string | null = null): Promise<boolean> {
    const slot = info.owner.kind === 'webapp' ? info.owner.slot : null;
    if (!slot || slot !== (await this.sockets.activeSlot(webappId))) return false;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (answersReady(command, await probe(this.sockets.currentSocket(webappId)))) return true;
      if (await this.sockets.publish(webappId, slot, uid).catch(() => false)) {
        if (answersReady(command, await probe(this.sockets.currentSocket(webappId)))) return true;
      }
      if (Date.now() > deadline) return false;
      await sleep(200);
    }
  }

  containersOf(webappId: number): Promise<AppContainer[]> {
    return this.runtime.list({ kind: 'webapp', webappId });
  }

  allAppContainers(): Promise<AppContainer[]> {
    return this.runtime.list({ kind: 'webapp' });
  }

  inspect(id: string): Promise<WorkloadDetails | null> {
    return this.runtime.inspect(id);
  }
}

/** The readiness probe over the container's socket: the wrapper answers 204 once the user's app imported. */
function probe(socketPath: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/', headers: { 'X-Panel-Probe': 'ready', host: 'localhost' }, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
