import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { webappLogContainerPath, wsgiContainerPath } from '@panel/contracts';
import { StaticFileEntity, WebAppEntity } from '@panel/database';
import { accountContainerPath, accountWebDirs, HomeFsError, lstatNoFollow, virtualenvProblem, writeOwnedFile } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { Repository } from 'typeorm';
import { AccountWorkspace, AccountWorkspaces, workspaceHomeFs } from '../accounts/account-workspace';
import { JobContext, JobFailure } from '../jobs/job-handler';
import { WebAppMigrations } from './webapp-migrations';
import { ensureLogFiles, logFilePath, wsgiHostPath } from './webapp-paths';
import { AppStartError, StartedContainer, WebAppRuntime } from './webapp-runtime';
import { WsgiWatcher } from './wsgi-watcher';

const READY_TIMEOUT_MS = 30_000;

/**
 * Starts a new container of an app on this node and waits until it answers on its socket, for a reload and for a
 * move alike. What it started is removed again when it does not come up; what already serves is never touched.
 */
@Injectable()
export class WebAppLauncher {
  constructor(
    @InjectRepository(StaticFileEntity) private readonly staticFiles: Repository<StaticFileEntity>,
    private readonly workspaces: AccountWorkspaces,
    private readonly runtime: WebAppRuntime,
    private readonly watcher: WsgiWatcher,
    private readonly migrations: WebAppMigrations,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /** `keeps` words what still serves should this fail (" The previous version keeps serving."). */
  async launch(app: WebAppEntity, context: JobContext, options: { runMigrations: boolean; keeps: string }): Promise<StartedContainer> {
    const workspace = await this.workspaces.forAccount(app.accountId);
    const dirs = accountWebDirs(this.config, workspace.account.username);
    await ensureLogFiles(dirs.log, app.domain, workspace.account.uid!);
    // A website (its own command) has no WSGI file, virtualenv setting, static mappings or migrations: its command says all.
    if (!app.command) {
      const wsgiFile = wsgiHostPath(dirs.www, app.domain);
      const wsgiStat = await lstatNoFollow(wsgiFile).catch(() => null);
      if (!wsgiStat) throw new JobFailure(`The WSGI file ${wsgiContainerPath(app.domain)} is missing. Restore it from the Web tab.`);
      this.watcher.remember(app.id, wsgiStat.mtimeMs);
    }
    const virtualenv = app.command ? null : await this.checkVirtualenv(app, workspace);
    const staticFiles = app.command ? [] : await this.staticFiles.findBy({ webappId: app.id });
    if (!app.command && options.runMigrations && (await this.migrations.hasMigrations(app, workspace))) {
      await context.log('[panel] running the database migrations before the reload\n');
      try {
        await this.migrations.run(app, workspace, { action: 'upgrade', revision: 'head' }, context);
      } catch (error) {
        if (error instanceof JobFailure) throw new JobFailure(`Reload stopped: ${error.message}${options.keeps}`);
        throw error;
      }
    }

    const what = app.command ? `command: ${app.command}` : `Python ${app.pythonVersion}${virtualenv ? `, virtualenv ${virtualenv}` : ''}`;
    await context.log(`[panel] starting the new version of ${app.domain} on node ${this.config.nodeId} (${what})\n`);
    const started = await this.runtime.start(app, staticFiles, workspace, virtualenv, context.signal);
    try {
      await this.runtime.waitReady(app.id, started, READY_TIMEOUT_MS, context.signal, app.command);
    } catch (error) {
      const output = await this.runtime.containerOutput(started.id);
      await this.discard(app.id, started);
      if (output) {
        await context.log(output.endsWith('\n') ? output : `${output}\n`);
        await writeOwnedFile(logFilePath(dirs.log, app.domain, 'server'), output, workspace.account.uid!, 0o644, true).catch(() => undefined);
      }
      if (error instanceof AppStartError) {
        throw new JobFailure(`Reload failed: ${error.message}. See the error log (${webappLogContainerPath(app.domain, 'error')}) for the traceback.${options.keeps}`);
      }
      throw error;
    }
    return started;
  }

  /** Removes a started container that will not serve (and its socket directory). */
  async discard(webappId: number, started: StartedContainer) {
    await this.runtime.remove(started.id);
    await this.runtime.sockets.removeSlot(webappId, started.slot);
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
