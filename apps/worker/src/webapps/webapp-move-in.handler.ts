import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName, JobPayload } from '@panel/contracts';
import { WebAppEntity } from '@panel/database';
import { JobEnqueuer } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Repository } from 'typeorm';
import { CaddyIngress } from '../ingress/caddy-ingress.service';
import { HandlesJob, JobContext, JobFailure, JobHandler } from '../jobs/job-handler';
import { StartedContainer } from './webapp-runtime';
import { WebAppLauncher } from './webapp-launcher';
import { WebAppRuntime } from './webapp-runtime';

const ANSWER_TIMEOUT_MS = 10_000;
/** The edge switches within a couple of its passes; the old node serves until then. */
const RELEASE_TIMEOUT_MS = 60_000;

/**
 * Moves an app onto this node with no failed request: the old node keeps serving while the app starts here; once it
 * answers through this node's Caddy the placement switches (a conditional update on the epoch it moved from), the
 * edge follows the row, and only then does the old node release it (see EdgeIngress and WebAppReleaseHandler).
 */
@Injectable()
@HandlesJob(JobName.WebAppMoveIn)
export class WebAppMoveInHandler implements JobHandler<JobName.WebAppMoveIn> {
  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    private readonly launcher: WebAppLauncher,
    private readonly runtime: WebAppRuntime,
    private readonly ingress: CaddyIngress,
    private readonly enqueuer: JobEnqueuer,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async handle(payload: JobPayload<JobName.WebAppMoveIn>, context: JobContext): Promise<void> {
    const me = this.config.nodeId;
    const app = await this.webapps.findOneBy({ id: payload.webappId, accountId: payload.accountId });
    if (!app) throw new JobFailure('The web app no longer exists.');
    const moving = { id: app.id, nodeId: payload.fromNodeId, movingToNodeId: me, placementEpoch: payload.placementEpoch };
    if (app.nodeId !== payload.fromNodeId || app.movingToNodeId !== me || app.placementEpoch !== payload.placementEpoch) {
      throw new JobFailure(`The move of ${app.domain} to node ${me} was cancelled or superseded (it is placed on ${app.nodeId}).`);
    }
    const moved = { nodeId: me, movingToNodeId: null, placementEpoch: app.placementEpoch + 1 };
    if (!app.enabled || !app.upstream) {
      // Nothing serves it: the placement moves and its next reload starts it here.
      await this.webapps.update(moving, { ...moved, upstream: null, containerId: null });
      await this.ingress.sync();
      await context.log(`[panel] ${app.domain} (not running) is now placed on node ${me}\n`);
      return;
    }

    let started: StartedContainer;
    try {
      started = await this.launcher.launch(app, context, { runMigrations: false, keeps: ` It keeps serving from node ${payload.fromNodeId}.` });
    } catch (error) {
      await this.webapps.update(moving, { movingToNodeId: null });
      throw error;
    }
    await this.runtime.sockets.activate(app.id, started.slot);
    await this.ingress.sync();
    if (!(await this.answersThroughCaddy(app))) {
      await this.launcher.discard(app.id, started);
      await this.webapps.update(moving, { movingToNodeId: null });
      await this.ingress.sync();
      throw new JobFailure(`${app.domain} started on node ${me} but did not answer through its Caddy; it keeps serving from node ${payload.fromNodeId}.`);
    }

    const switched = await this.webapps.update(moving, {
      ...moved,
      leavingNodeId: payload.fromNodeId,
      upstream: this.runtime.upstreamFor(app.id),
      containerId: started.id,
      status: 'running',
      lastReloadError: null,
    });
    if (!switched.affected) {
      await this.launcher.discard(app.id, started);
      await this.ingress.sync();
      throw new JobFailure(`The move of ${app.domain} was cancelled while it started on node ${me}.`);
    }
    await this.ingress.sync();
    await context.log(`[panel] ${app.domain} answers on node ${me}; the edge now routes it here\n`);

    // With an edge, the leader has the old node release the app once the edge routes here; without one, at once.
    if (!this.config.edge) {
      await this.enqueuer.enqueue(
        JobName.WebAppRelease,
        { accountId: app.accountId, username: payload.username, webappId: app.id, domain: app.domain, placementEpoch: moved.placementEpoch },
        { accountId: app.accountId, nodeId: payload.fromNodeId },
      );
    }
    const deadline = Date.now() + RELEASE_TIMEOUT_MS;
    while (Date.now() < deadline && !context.signal.aborted) {
      const row = await this.webapps.findOne({ where: { id: app.id }, select: { id: true, leavingNodeId: true } });
      if (!row || row.leavingNodeId !== payload.fromNodeId) {
        await context.log(`[panel] node ${payload.fromNodeId} released ${app.domain}\n`);
        return;
      }
      await sleep(250);
    }
    await context.log(`[panel] node ${payload.fromNodeId} has not released ${app.domain} yet; it does when it can (it serves nothing the edge sends elsewhere)\n`);
  }

  /**
   * A request by the app's domain through this node's Caddy: what the edge will send here. Caddy strips the readiness
   * probe's header from visitors' requests, so this is an ordinary request; any answer but a gateway error (Caddy
   * could not reach the container) shows the route and the container work together.
   */
  private async answersThroughCaddy(app: WebAppEntity): Promise<boolean> {
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const status = await requestThroughCaddy(this.config.appsPort, app.domain);
      if (status !== 0 && status !== 502 && status !== 504) return true;
      await sleep(200);
    }
    return false;
  }
}

function requestThroughCaddy(port: number, domain: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: domain, 'user-agent': 'panel-move-check' }, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
