import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName } from '@panel/contracts';
import { JobEntity, WebAppEntity } from '@panel/database';
import { JobEnqueuer } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { In, Repository } from 'typeorm';
import { CaddyIngress } from '../ingress/caddy-ingress.service';
import { WebAppRuntime } from './webapp-runtime';
import { webappResourceKey } from './wsgi-watcher';

/**
 * At start, makes Docker and Caddy agree with the database for this node: running containers are kept (apps keep
 * serving across worker restarts), an enabled app with no running container gets a reload, and containers no app
 * points to (left by a crash mid-reload) are removed.
 */
@Injectable()
export class WebAppReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebAppReconciler.name);

  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    private readonly runtime: WebAppRuntime,
    private readonly ingress: CaddyIngress,
    private readonly enqueuer: JobEnqueuer,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async onApplicationBootstrap() {
    try {
      await this.reconcile();
    } catch (error) {
      this.logger.error(`reconciling web apps failed: ${(error as Error).message}`);
    }
  }

  async reconcile() {
    const apps = await this.webapps.find({ where: { nodeId: this.config.nodeId }, relations: { account: true } });
    const keep = new Set<string>();
    for (const app of apps) {
      if (!app.enabled) continue;
      const info = app.containerId ? await this.runtime.inspect(app.containerId) : null;
      if (info?.State.Running) {
        keep.add(info.Id);
        const upstream = this.runtime.upstreamFor(app.id);
        if (upstream !== app.upstream || app.status !== 'running') await this.webapps.update({ id: app.id }, { upstream, status: 'running' });
        continue;
      }
      const pending = await this.jobs.exist({ where: { resourceKey: webappResourceKey(app.id), status: In(['queued', 'running']) } });
      if (!pending && app.account) {
        this.logger.log(`${app.domain} has no running container; reloading it`);
        await this.webapps.update({ id: app.id }, { upstream: null, containerId: null });
        await this.enqueuer.enqueue(
          JobName.WebAppReload,
          { accountId: app.accountId, username: app.account.username, webappId: app.id },
          { accountId: app.accountId, resourceKey: webappResourceKey(app.id), nodeId: this.config.nodeId },
        );
      }
    }
    for (const container of await this.runtime.allAppContainers()) {
      const owner = apps.find((a) => String(a.id) === container.Labels['panel.webapp']);
      if (!keep.has(container.Id) && !(owner?.status === 'reloading')) await this.runtime.removeContainer(container);
    }
    await this.ingress.sync();
  }
}
