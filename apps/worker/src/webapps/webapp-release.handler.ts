import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName, JobPayload } from '@panel/contracts';
import { WebAppEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { setTimeout as sleep } from 'node:timers/promises';
import { Repository } from 'typeorm';
import { CaddyIngress } from '../ingress/caddy-ingress.service';
import { HandlesJob, JobContext, JobHandler } from '../jobs/job-handler';
import { DRAIN_MS } from './webapp-reload.handler';
import { WebAppRuntime } from './webapp-runtime';

/**
 * On the node an app moved away from, once the edge routes it to its new node: the requests already sent here finish,
 * then its containers stop and its route goes. Only for the placement it was asked for (fencing).
 */
@Injectable()
@HandlesJob(JobName.WebAppRelease)
export class WebAppReleaseHandler implements JobHandler<JobName.WebAppRelease> {
  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    private readonly runtime: WebAppRuntime,
    private readonly ingress: CaddyIngress,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async handle(payload: JobPayload<JobName.WebAppRelease>, context: JobContext): Promise<void> {
    const me = this.config.nodeId;
    const app = await this.webapps.findOneBy({ id: payload.webappId });
    if (app && (app.nodeId === me || app.movingToNodeId === me)) {
      await context.log(`[panel] ${app.domain} is placed on this node again; nothing to release\n`);
      return;
    }
    await sleep(DRAIN_MS);
    const containers = await this.runtime.containersOf(payload.webappId);
    await Promise.all(containers.map((c) => this.runtime.stopAndRemove(c)));
    await this.runtime.sockets.removeApp(payload.webappId);
    await this.webapps.update({ id: payload.webappId, leavingNodeId: me, placementEpoch: payload.placementEpoch }, { leavingNodeId: null });
    await this.ingress.sync();
    await context.log(`[panel] released ${payload.domain ?? `web app ${payload.webappId}`}: ${containers.length} container(s) stopped on node ${me}\n`);
  }
}
