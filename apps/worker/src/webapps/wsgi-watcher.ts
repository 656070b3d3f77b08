import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName } from '@panel/contracts';
import { JobEntity, WebAppEntity } from '@panel/database';
import { JobEnqueuer, webappResourceKey } from '@panel/jobs';
import { accountWebDirs, lstatNoFollow } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { In, Repository } from 'typeorm';
import { wsgiHostPath } from './webapp-paths';

const POLL_MS = 1_000;

/** Touching a web app's WSGI file reloads it, as on PythonAnywhere. Polls the mtimes of this node's apps. */
@Injectable()
export class WsgiWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WsgiWatcher.name);
  private readonly seen = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    private readonly enqueuer: JobEnqueuer,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  /** Called by a reload, first thing, with the WSGI file's mtime it starts from: later touches reload again. */
  remember(webappId: number, mtimeMs: number) {
    this.seen.set(webappId, Math.max(this.seen.get(webappId) ?? 0, mtimeMs));
  }

  private async poll() {
    if (this.polling) return;
    this.polling = true;
    try {
      const apps = await this.webapps.find({ where: { nodeId: this.config.nodeId, enabled: true }, relations: { account: true } });
      for (const app of apps) {
        if (!app.account) continue;
        const mtime = (await lstatNoFollow(wsgiHostPath(accountWebDirs(this.config, app.account.username).www, app.domain)).catch(() => null))?.mtimeMs;
        if (mtime === undefined) continue;
        const known = this.seen.get(app.id);
        if (known === undefined || mtime <= known) {
          this.seen.set(app.id, mtime);
          continue;
        }
        // A touch while a reload is queued or running is kept for later: that reload remembers the mtime it
        // started from, so a touch after its start (the code may have changed since it read it) reloads again.
        const pending = await this.jobs.exist({ where: { resourceKey: webappResourceKey(app.id), name: JobName.WebAppReload, status: In(['queued', 'running']) } });
        if (pending || app.status === 'reloading') continue;
        this.seen.set(app.id, mtime);
        this.logger.log(`${app.domain}: WSGI file touched, reloading`);
        await this.enqueuer.enqueue(
          JobName.WebAppReload,
          { accountId: app.accountId, username: app.account.username, webappId: app.id },
          { accountId: app.accountId, resourceKey: webappResourceKey(app.id), nodeId: this.config.nodeId },
        );
      }
    } catch (error) {
      this.logger.warn(`WSGI watch failed: ${(error as Error).message}`);
    } finally {
      this.polling = false;
    }
  }
}
