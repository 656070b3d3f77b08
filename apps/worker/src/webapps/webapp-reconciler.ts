import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName } from '@panel/contracts';
import { JobEntity, WebAppEntity } from '@panel/database';
import { JobEnqueuer, webappResourceKey } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { In, Repository } from 'typeorm';
import { CaddyIngress } from '../ingress/caddy-ingress.service';
import { PeriodicPass } from '../leadership/periodic-pass';
import { WebAppRuntime } from './webapp-runtime';

/** How often a running node removes what it no longer owns (an app placed elsewhere while it was away). */
const FENCING_PASS_MS = 30_000;

/** How long a kept container may take to answer on its socket at start (it may be starting after a host restart). */
const CURRENT_ANSWER_TIMEOUT_MS = 10_000;

/**
 * At start, makes Docker and Caddy agree with the database for this node: running containers that answer where Caddy
 * reaches them are kept (apps keep serving across worker restarts), an enabled app with no such container (none
 * running, or one that does not answer, e.g. made by an older platform version) gets a reload, and containers no
 * app points to (left by a crash mid-reload) are removed. Then, periodically, containers of apps that are no longer
 * placed here (moved or failed over while this node was cut off) are removed: a node changes nothing it does not own.
 */
@Injectable()
export class WebAppReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebAppReconciler.name);
  private readonly fencing = new PeriodicPass(this.logger, 'web app fencing', () => this.removeWhatIsNotOwned(), FENCING_PASS_MS);

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
    this.fencing.start();
  }

  onApplicationShutdown() {
    return this.fencing.stop();
  }

  /** Apps whose containers this node may run: placed here, moving here, or leaving (serving until released). */
  private async ownedAppIds(): Promise<Set<number>> {
    const me = this.config.nodeId;
    const rows = await this.webapps.find({ select: { id: true }, where: [{ nodeId: me }, { movingToNodeId: me }, { leavingNodeId: me }] });
    return new Set(rows.map((r) => r.id));
  }

  /** The periodic fencing pass (also called by tests). */
  async removeWhatIsNotOwned(): Promise<void> {
    const owned = await this.ownedAppIds();
    let removed = 0;
    for (const container of await this.runtime.allAppContainers()) {
      if (owned.has(container.owner.webappId)) continue;
      await this.runtime.removeContainer(container);
      removed++;
    }
    if (removed) {
      this.logger.warn(`removed ${removed} container(s) of apps no longer placed on node ${this.config.nodeId}`);
      await this.ingress.sync();
    }
  }

  async reconcile() {
    const apps = await this.webapps.find({ where: { nodeId: this.config.nodeId }, relations: { account: true } });
    const keep = new Set<string>();
    // Apps are checked side by side: a container may take seconds to answer after a host restart.
    await Promise.all(apps.filter((app) => app.enabled && !app.movingToNodeId).map((app) => this.reconcileApp(app, keep)));
    const owned = await this.ownedAppIds();
    for (const container of await this.runtime.allAppContainers()) {
      const owner = apps.find((a) => a.id === container.owner.webappId);
      // A move in or out is its jobs' to finish; a reload's new container is its job's.
      const moving = owned.has(container.owner.webappId) && !owner;
      if (!keep.has(container.id) && !moving && !(owner?.status === 'reloading') && !owner?.movingToNodeId) await this.runtime.removeContainer(container);
    }
    await this.ingress.sync();
  }

  /** Keeps the app's container when it serves where Caddy reaches it (adding it to `keep`), or reloads the app. */
  private async reconcileApp(app: WebAppEntity, keep: Set<string>) {
    const info = app.containerId ? await this.runtime.inspect(app.containerId) : null;
    const serving = info?.state === 'running' && app.account && (await this.runtime.servesCurrent(app.id, info, app.account.uid!, CURRENT_ANSWER_TIMEOUT_MS, app.command));
    if (info && serving) {
      keep.add(info.id);
      const upstream = this.runtime.upstreamFor(app.id);
      if (upstream !== app.upstream || app.status !== 'running') await this.webapps.update({ id: app.id }, { upstream, status: 'running' });
      return;
    }
    const pending = await this.jobs.exist({ where: { resourceKey: webappResourceKey(app.id), status: In(['queued', 'running']) } });
    if (!pending && app.account) {
      this.logger.log(`${app.domain} ${info?.state === 'running' ? 'does not answer where Caddy reaches it' : 'has no running container'}; reloading it`);
      await this.webapps.update({ id: app.id }, { upstream: null, containerId: null });
      await this.enqueuer.enqueue(
        JobName.WebAppReload,
        { accountId: app.accountId, username: app.account.username, webappId: app.id, domain: app.domain },
        { accountId: app.accountId, resourceKey: webappResourceKey(app.id), nodeId: this.config.nodeId },
      );
    }
  }
}
