import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName, JobPayload } from '@panel/contracts';
import { WebAppEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { setTimeout as sleep } from 'node:timers/promises';
import { Repository } from 'typeorm';
import { CaddyIngress } from '../ingress/caddy-ingress.service';
import { HandlesJob, JobContext, JobFailure, JobHandler } from '../jobs/job-handler';
import { WebAppLauncher } from './webapp-launcher';
import { WebAppRuntime } from './webapp-runtime';

/** How long the old container keeps serving requests that Caddy sent it before the switch. */
export const DRAIN_MS = 1_000;

/**
 * Reload without a failed request: start the new container, wait until it answers, switch Caddy's upstream, then
 * drain and stop the old one. If the new version does not come up, the old one keeps serving.
 */
@Injectable()
@HandlesJob(JobName.WebAppReload)
export class WebAppReloadHandler implements JobHandler<JobName.WebAppReload> {
  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    private readonly launcher: WebAppLauncher,
    private readonly runtime: WebAppRuntime,
    private readonly ingress: CaddyIngress,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async handle(payload: JobPayload<JobName.WebAppReload>, context: JobContext): Promise<void> {
    const app = await this.webapps.findOneBy({ id: payload.webappId, accountId: payload.accountId });
    if (!app) throw new JobFailure('The web app no longer exists.');
    // Fencing: a node acts only on what is placed on it (an app moved away while this node was gone is not its own),
    // and every write below is conditional on the placement read here.
    if (app.nodeId !== this.config.nodeId) throw new JobFailure(`${app.domain} now runs on node ${app.nodeId}, not on ${this.config.nodeId}.`);
    if (app.movingToNodeId) throw new JobFailure(`${app.domain} is being moved to node ${app.movingToNodeId}; reload it once the move is done.`);
    if (!app.enabled) throw new JobFailure(`${app.domain} is disabled; enable it to run it.`);
    const placement = { id: app.id, nodeId: this.config.nodeId, placementEpoch: app.placementEpoch };
    await this.webapps.update(placement, { status: 'reloading', lastReloadJobId: context.jobId });
    try {
      await this.reload(app, placement, context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.webapps.update(placement, { status: app.upstream ? 'running' : 'error', lastReloadError: message });
      throw error;
    }
  }

  /**
   * Given up after its workers died: the version that served before keeps serving (a container a dead attempt started
   * is removed by the reconciler, no app points to it), so only the status the attempt set is put back.
   */
  async abandon(payload: JobPayload<JobName.WebAppReload>, context: JobContext): Promise<void> {
    const app = await this.webapps.findOneBy({ id: payload.webappId, accountId: payload.accountId, status: 'reloading', lastReloadJobId: context.jobId });
    if (!app) return;
    await this.webapps.update({ id: app.id, status: 'reloading', lastReloadJobId: context.jobId }, { status: app.upstream ? 'running' : 'error', lastReloadError: 'The worker stopped during this reload, twice; reload again.' });
  }

  private async reload(app: WebAppEntity, placement: Pick<WebAppEntity, 'id' | 'nodeId' | 'placementEpoch'>, context: JobContext) {
    const keeps = app.upstream ? ' The previous version keeps serving.' : '';
    const started = await this.launcher.launch(app, context, { runMigrations: app.runMigrationsOnReload, keeps });

    const previous = await this.runtime.containersOf(app.id);
    // The switch: new connections now reach the new version; Caddy's config only changes on the first start.
    await this.runtime.sockets.activate(app.id, started.slot);
    const upstream = this.runtime.upstreamFor(app.id);
    const switched = await this.webapps.update(placement, { upstream, containerId: started.id, status: 'running', lastReloadError: null, lastReloadedAt: new Date() });
    if (!switched.affected) {
      await this.launcher.discard(app.id, started);
      throw new JobFailure(`${app.domain} was placed elsewhere while it reloaded; this node no longer serves it.`);
    }
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
}
