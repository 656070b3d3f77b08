import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { JobName, JobPayload } from '@panel/contracts';
import { WebAppEntity } from '@panel/database';
import { Repository } from 'typeorm';
import { CaddyIngress } from '../ingress/caddy-ingress.service';
import { HandlesJob, JobContext, JobHandler } from '../jobs/job-handler';
import { WebAppRuntime } from './webapp-runtime';

/** Disable (the route answers "disabled", containers stop) or delete (the route goes too). Files are kept. */
@Injectable()
@HandlesJob(JobName.WebAppStop)
export class WebAppStopHandler implements JobHandler<JobName.WebAppStop> {
  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    private readonly runtime: WebAppRuntime,
    private readonly ingress: CaddyIngress,
  ) {}

  async handle(payload: JobPayload<JobName.WebAppStop>, context: JobContext): Promise<void> {
    if (payload.deleteApp) {
      await this.webapps.delete({ id: payload.webappId, accountId: payload.accountId });
    } else {
      await this.webapps.update({ id: payload.webappId, accountId: payload.accountId }, { upstream: null, containerId: null, status: 'disabled' });
    }
    await this.ingress.sync();
    const containers = await this.runtime.containersOf(payload.webappId);
    await Promise.all(containers.map((c) => this.runtime.stopAndRemove(c)));
    if (payload.deleteApp) await this.runtime.sockets.removeApp(payload.webappId);
    await context.log(`[panel] ${payload.domain} ${payload.deleteApp ? 'deleted' : 'disabled'}; ${containers.length} container(s) stopped\n`);
  }
}
