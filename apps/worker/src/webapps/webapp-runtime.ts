import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { PythonVersion, runtimeImageFor, webappLogContainerPath, wsgiContainerPath } from '@panel/contracts';
import { StaticFileEntity, WebAppEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AccountWorkspace } from '../accounts/account-workspace';
import { DockerService } from '../docker/docker.service';
import { AbortedError } from '@panel/jobs';
import { withTimeout } from '../docker/with-timeout';
import { AppSockets, UntrustedSocketError } from './app-sockets';

/** The platform's WSGI wrapper and gunicorn settings, mounted read-only at /opt/panel in app containers. */
export const PLATFORM_PYTHON_DIR = join(__dirname, '..', '..', 'python');
const CALL_TIMEOUT_MS = 30_000;

// gunicorn comes from the image (Debian's), so an app runs even when its virtualenv has no WSGI server; only the
// gunicorn package is put on the path, not the rest of the system's packages. panel_serve.py starts it.
const START_SCRIPT = `
mkdir -p /tmp/panel-wsgi && ln -sfn /usr/lib/python3/dist-packages/gunicorn /tmp/panel-wsgi/gunicorn
export PYTHONPATH=/tmp/panel-wsgi:/opt/panel
exec "$PANEL_PYTHON" /opt/panel/panel_serve.py -c /opt/panel/gunicorn_conf.py panel_wsgi:application
`;

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
    private readonly docker: DockerService,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {
    this.sockets = new AppSockets(join(config.dataDir, 'sockets'));
  }

  /** What Caddy dials for an app: its `current` socket, the same across reloads. */
  upstreamFor(webappId: number) {
    return `unix/${this.sockets.currentSocket(webappId)}`;
  }

  containerLabels(app: WebAppEntity) {
    return { 'panel.webapp': String(app.id), 'panel.account': String(app.accountId), 'panel.domain': app.domain };
  }

  /** Creates and starts a container for the app's current settings, listening on a socket in a new slot. */
  async start(app: WebAppEntity, staticFiles: StaticFileEntity[], workspace: AccountWorkspace, virtualenv: string | null, signal: AbortSignal): Promise<StartedContainer> {
    const slot = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const slotDir = await this.sockets.createSlot(app.id, slot, workspace.account.uid!);
    const container = await withTimeout(
      'container create',
      this.docker.docker.createContainer({
        Image: runtimeImageFor(app.pythonVersion as PythonVersion),
        Cmd: ['bash', '-c', START_SCRIPT],
        User: workspace.user,
        WorkingDir: app.workingDirectory,
        Env: Object.entries({
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
        }).map(([k, v]) => `${k}=${v}`),
        Labels: { 'panel.managed': 'true', 'panel.node': this.config.nodeId, 'panel.slot': slot, ...this.containerLabels(app) },
        HostConfig: {
          ...this.docker.accountHostConfig([
            ...workspace.binds,
            `${PLATFORM_PYTHON_DIR}:/opt/panel:ro`,
            `${slotDir}:/run/panel`,
          ]),
          RestartPolicy: { Name: 'unless-stopped' },
        },
      }),
      CALL_TIMEOUT_MS,
      signal,
    );
    try {
      await withTimeout('container start', container.start(), CALL_TIMEOUT_MS, signal);
      return { id: container.id, slot, uid: workspace.account.uid! };
    } catch (error) {
      await container.remove({ force: true }).catch(() => undefined);
      await this.sockets.removeSlot(app.id, slot);
      throw error;
    }
  }

  /**
   * Waits until the container answers the readiness probe (the wrapper answers it once the user's app imported),
   * or fails when the container exits or keeps restarting, or on timeout. The probe dials root's link to the socket
   * (AppSockets.publish), never the name in the container's folder.
   */
  async waitReady(webappId: number, started: StartedContainer, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const container = this.docker.docker.getContainer(started.id);
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
      if (published && (await probe(this.sockets.publishedSocket(webappId, started.slot))) === 204) return;
      if (Date.now() - lastStateCheck > 300) {
        lastStateCheck = Date.now();
        const info = await withTimeout('container inspect', container.inspect(), CALL_TIMEOUT_MS, signal);
        const state = info.State;
        if (!state.Running || state.Restarting || info.RestartCount > 0) {
          throw new AppStartError(`the new version stopped${state.ExitCode ? ` (exit code ${state.ExitCode})` : ''} before it answered`);
        }
      }
      await sleep(50);
    }
    throw new AppStartError(`the new version did not answer within ${Math.round(timeoutMs / 1000)} s`);
  }

  /** The last lines the container printed (gunicorn's own messages), for the server log and the job log. */
  async containerOutput(id: string): Promise<string> {
    try {
      const buffer = (await this.docker.docker.getContainer(id).logs({ stdout: true, stderr: true, tail: 50 })) as unknown as Buffer;
      return demux(buffer);
    } catch {
      return '';
    }
  }

  async remove(id: string) {
    await this.docker.docker.getContainer(id).remove({ force: true }).catch(() => undefined);
  }

  async removeContainer(container: Docker.ContainerInfo) {
    await this.remove(container.Id);
    const slot = container.Labels['panel.slot'];
    if (slot && (await this.sockets.activeSlot(Number(container.Labels['panel.webapp']))) !== slot) {
      await this.sockets.removeSlot(Number(container.Labels['panel.webapp']), slot);
    }
  }

  /** Stops gracefully (gunicorn finishes requests in flight), then removes it and its socket directory. */
  async stopAndRemove(container: Docker.ContainerInfo, graceSeconds = 10) {
    const handle = this.docker.docker.getContainer(container.Id);
    await withTimeout('container stop', handle.stop({ t: graceSeconds }), (graceSeconds + 20) * 1000).catch(() => undefined);
    await handle.remove({ force: true }).catch(() => undefined);
    const slot = container.Labels['panel.slot'];
    if (slot) await this.sockets.removeSlot(Number(container.Labels['panel.webapp']), slot);
  }

  /**
   * Whether a running container is the one Caddy reaches (its slot is `current`) and answers there within
   * timeoutMs (after a host restart Docker brings containers back and the app needs a moment to import). A container
   * that restarted has bound a new socket: it is checked and linked again (AppSockets.publish).
   */
  async servesCurrent(webappId: number, info: Docker.ContainerInspectInfo, uid: number, timeoutMs: number): Promise<boolean> {
    const slot = info.Config.Labels?.['panel.slot'];
    if (!slot || slot !== (await this.sockets.activeSlot(webappId))) return false;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await probe(this.sockets.currentSocket(webappId))) === 204) return true;
      if (await this.sockets.publish(webappId, slot, uid).catch(() => false)) {
        if ((await probe(this.sockets.currentSocket(webappId))) === 204) return true;
      }
      if (Date.now() > deadline) return false;
      await sleep(200);
    }
  }

  async containersOf(webappId: number): Promise<Docker.ContainerInfo[]> {
    return withTimeout(
      'container list',
      this.docker.docker.listContainers({ all: true, filters: { label: [`panel.webapp=${webappId}`, `panel.node=${this.config.nodeId}`] } }),
      CALL_TIMEOUT_MS,
    );
  }

  async allAppContainers(): Promise<Docker.ContainerInfo[]> {
    return withTimeout('container list', this.docker.docker.listContainers({ all: true, filters: { label: ['panel.webapp', `panel.node=${this.config.nodeId}`] } }), CALL_TIMEOUT_MS);
  }

  async inspect(id: string) {
    try {
      return await withTimeout('container inspect', this.docker.docker.getContainer(id).inspect(), CALL_TIMEOUT_MS);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return null;
      throw error;
    }
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

/** Docker's multiplexed log stream (8-byte frame headers) to text. */
function demux(buffer: Buffer): string {
  let out = '';
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    out += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  return out || buffer.toString('utf8');
}
