import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName, JobPayload, webappLogContainerPath, wsgiContainerPath } from '@panel/contracts';
import { StaticFileEntity, WebAppEntity } from '@panel/database';
import { accountContainerPath, accountWebDirs, HomeFsError, lstatNoFollow, virtualenvProblem, writeOwnedFile } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { setTimeout as sleep } from 'node:timers/promises';
import { Repository } from 'typeorm';
import { AccountWorkspace, AccountWorkspaces, workspaceHomeFs } from '../accounts/account-workspace';
import { CaddyIngress } from '../ingress/caddy-ingress.service';
import { HandlesJob, JobContext, JobFailure, JobHandler } from '../jobs/job-handler';
import { ensureLogFiles, logFilePath, wsgiHostPath } from './webapp-paths';
import { AppStartError, WebAppRuntime } from './webapp-runtime';
import { WsgiWatcher } from './wsgi-watcher';
import { WebAppMigrations } from './webapp-migrations';

const READY_TIMEOUT_MS = 30_000;
/** How long the old container keeps serving requests that Caddy sent it before the switch. */
const DRAIN_MS = 1_000;

/**
 * Reload without a failed request: start the new container, wait until it answers, switch Caddy's upstream, then
 * drain and stop the old one. If the new version does not come up, the old one keeps serving.
 */
@Injectable()
@HandlesJob(JobName.WebAppReload)
export class WebAppReloadHandler implements JobHandler<JobName.WebAppReload> {
  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @InjectRepository(StaticFileEntity) private readonly staticFiles: Repository<StaticFileEntity>,
    private readonly workspaces: AccountWorkspaces,
    private readonly runtime: WebAppRuntime,
    private readonly ingress: CaddyIngress,
    private readonly watcher: WsgiWatcher,
    private readonly migrations: WebAppMigrations,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async handle(payload: JobPayload<JobName.WebAppReload>, context: JobContext): Promise<void> {
    const app = await this.webapps.findOneBy({ id: payload.webappId, accountId: payload.accountId });
    if (!app) throw new JobFailure('The web app no longer exists.');
    // Fencing: a node acts only on what is placed on it (an app moved away while this node was gone is not its own).
    if (app.nodeId !== this.config.nodeId) throw new JobFailure(`${app.domain} now runs on node ${app.nodeId}, not on ${this.config.nodeId}.`);
    if (!app.enabled) throw new JobFailure(`${app.domain} is disabled; enable it to run it.`);
    await this.webapps.update({ id: app.id }, { status: 'reloading', lastReloadJobId: context.jobId });
    try {
      await this.reload(app, context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.webapps.update({ id: app.id }, { status: app.upstream ? 'running' : 'error', lastReloadError: message });
      throw error;
    }
  }

  private async reload(app: WebAppEntity, context: JobContext) {
    const workspace = await this.workspaces.forAccount(app.accountId);
    const dirs = accountWebDirs(this.config, workspace.account.username);
    await ensureLogFiles(dirs.log, app.domain, workspace.account.uid!);
    const wsgiFile = wsgiHostPath(dirs.www, app.domain);
    const wsgiStat = await lstatNoFollow(wsgiFile).catch(() => null);
    if (!wsgiStat) throw new JobFailure(`The WSGI file ${wsgiContainerPath(app.domain)} is missing. Restore it from the Web tab.`);
    this.watcher.remember(app.id, wsgiStat.mtimeMs);
    const virtualenv = await this.checkVirtualenv(app, workspace);
    const staticFiles = await this.staticFiles.findBy({ webappId: app.id });
    if (app.runMigrationsOnReload && (await this.migrations.hasMigrations(app, workspace))) {
      await context.log('[panel] running the database migrations before the reload\n');
      try {
        await this.migrations.run(app, workspace, { action: 'upgrade', revision: 'head' }, context);
      } catch (error) {
        if (error instanceof JobFailure) throw new JobFailure(`Reload stopped: ${error.message}${app.upstream ? ' The previous version keeps serving.' : ''}`);
        throw error;
      }
    }

    await context.log(`[panel] starting the new version of ${app.domain} (Python ${app.pythonVersion}${virtualenv ? `, virtualenv ${virtualenv}` : ''})\n`);
    const started = await this.runtime.start(app, staticFiles, workspace, virtualenv, context.signal);
    try {
      await this.runtime.waitReady(app.id, started, READY_TIMEOUT_MS, context.signal);
    } catch (error) {
      const output = await this.runtime.containerOutput(started.id);
      await this.runtime.remove(started.id);
      await this.runtime.sockets.removeSlot(app.id, started.slot);
      if (output) {
        await context.log(output.endsWith('\n') ? output : `${output}\n`);
        await writeOwnedFile(logFilePath(dirs.log, app.domain, 'server'), output, workspace.account.uid!, 0o644, true).catch(() => undefined);
      }
      if (error instanceof AppStartError) {
        const keeps = app.upstream ? ' The previous version keeps serving.' : '';
        throw new JobFailure(`Reload failed: ${error.message}. See the error log (${webappLogContainerPath(app.domain, 'error')}) for the traceback.${keeps}`);
      }
      throw error;
    }

    const previous = await this.runtime.containersOf(app.id);
    // The switch: new connections now reach the new version; Caddy's config only changes on the first start.
    await this.runtime.sockets.activate(app.id, started.slot);
    const upstream = this.runtime.upstreamFor(app.id);
    await this.webapps.update({ id: app.id }, { upstream, containerId: started.id, status: 'running', lastReloadError: null, lastReloadedAt: new Date() });
    // Caddy skips a config identical to the one it runs, so this costs nothing unless a route setting changed.
    await this.ingress.sync();
    await context.log(`[panel] ${app.domain} now serves the new version\n`);

    const old = previous.filter((c) => c.id !== started.id);
    if (old.length) {
      await sleep(DRAIN_MS);
      await Promise.all(old.map((c) => this.runtime.stopAndRemove(c)));
      await context.log(`[panel] stopped the previous version\n`);
    }
  }

  /** Resolves the virtualenv to its path in containers, refusing a missing one or one of another Python version. */
  private async checkVirtualenv(app: WebAppEntity, workspace: AccountWorkspace): Promise<string | null> {
    if (!app.virtualenvPath) return null;
    let hostPath: string;
    try {
      hostPath = await (await workspaceHomeFs(workspace)).hostPath(app.virtualenvPath);
    } catch (error) {
      if (error instanceof HomeFsError) throw new JobFailure(error.message);
      throw error;
    }
    const problem = await virtualenvProblem(hostPath, app.virtualenvPath, app.pythonVersion);
    if (problem) throw new JobFailure(problem);
    return accountContainerPath(workspace.account.username, app.virtualenvPath);
  }
}
