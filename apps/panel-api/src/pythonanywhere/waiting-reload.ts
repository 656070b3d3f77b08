import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { JobName, webappLogContainerPath, webappLogFileName } from '@panel/contracts';
import type { AccountEntity, JobEntity } from '@panel/database';
import { accountWebDirs, lstatNoFollow, readAccountFile } from '@panel/home-fs';
import { webappResourceKey } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { join } from 'node:path';
import { JobEventsHub } from '../jobs/job-events.hub';
import { waitForJobEnd } from '../jobs/job-wait';
import { JobsService } from '../jobs/jobs.service';
import { lastTracebackLine } from '../webapps/reload-outcome';
import { WebAppsException } from '../webapps/webapps.exceptions';
import { WebAppsService } from '../webapps/webapps.service';

/** How long the PythonAnywhere API's reload waits for its job before answering 504 (the job keeps running). */
export const PA_RELOAD_WAIT_MS = 120_000;

/**
 * The PythonAnywhere API's reload (v0 webapps and v1 websites), which answers once the reload is done: resolves when
 * the new version serves (a request right after gets the new code), throws WEBAPP_RELOAD_FAILED with the reload's
 * error (the traceback's last line and the error log's path) when it failed, WEBAPP_RELOAD_TIMEOUT after
 * PA_RELOAD_WAIT_MS (the job keeps running). It waits on the job's durable record and events; a reload superseded
 * by a newer one follows that one. The dashboard's reload does not wait.
 */
@Injectable()
export class WaitingReload {
  constructor(
    private readonly webapps: WebAppsService,
    private readonly jobs: JobsService,
    private readonly jobEvents: JobEventsHub,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async reload(account: AccountEntity, domain: string): Promise<JobEntity> {
    const app = await this.webapps.find(account, domain);
    const errorLog = join(accountWebDirs(this.config, account.username).log, webappLogFileName(app.domain, 'error'));
    const errorLogSize = (await lstatNoFollow(errorLog).catch(() => null))?.size ?? 0;
    let job: JobEntity | null = await this.webapps.reload(account, domain);
    const deadline = Date.now() + PA_RELOAD_WAIT_MS;
    for (;;) {
      const waited: JobEntity = job;
      job = await waitForJobEnd(this.jobEvents, this.jobs, waited.id, Math.max(0, deadline - Date.now()));
      if (!job) {
        throw new WebAppsException(
          'WEBAPP_RELOAD_TIMEOUT',
          `The reload of ${app.domain} did not finish within ${PA_RELOAD_WAIT_MS / 1000} s; it keeps running (job ${waited.id}). Its output is at /api/jobs/${waited.id}, errors in ${webappLogContainerPath(app.domain, 'error')}.`,
        );
      }
      if (job.status === 'succeeded') return job;
      if (job.status === 'cancelled') {
        // Superseded by a newer reload of the app (or cancelled): that one decides what serves.
        const [latest] = await this.jobs.listForResource(account.id, webappResourceKey(app.id), 1);
        if (latest && latest.id !== job.id && latest.name === JobName.WebAppReload) {
          job = latest;
          continue;
        }
      }
      const logPath = webappLogContainerPath(app.domain, 'error');
      const tail = await readAccountFile(errorLog, { maxBytes: 64 * 1024, tail: true }).catch(() => null);
      const fresh = tail && tail.size > errorLogSize ? tail.text.slice(-Math.max(0, tail.size - errorLogSize)) : '';
      const last = lastTracebackLine(fresh);
      const error = job.error ?? `The reload ended ${job.status}.`;
      const where = error.includes(logPath) ? '' : ` The error log is ${logPath}.`;
      throw new WebAppsException('WEBAPP_RELOAD_FAILED', `${error}${last ? ` The error: ${last}` : ''}${where}`);
    }
  }
}
