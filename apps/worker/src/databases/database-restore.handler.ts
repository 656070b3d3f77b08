import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { JobName, JobPayload } from '@panel/contracts';
import { databaseUploadPath } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { lstat, rm } from 'node:fs/promises';
import { AccountWorkspaces } from '../accounts/account-workspace';
import { HandlesJob, JobContext, JobFailure, JobHandler } from '../jobs/job-handler';
import { restoreFailure } from './restore-errors';
import { DatabaseClients, RESTORE_FILE, RESTORE_SCRIPT } from './database-clients';

/** mysql / psql reading an uploaded .sql file; a failure says at which line of the file and why. */
@Injectable()
@HandlesJob(JobName.DatabaseRestore)
export class DatabaseRestoreHandler implements JobHandler<JobName.DatabaseRestore> {
  constructor(
    private readonly workspaces: AccountWorkspaces,
    private readonly clients: DatabaseClients,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async handle(payload: JobPayload<JobName.DatabaseRestore>, context: JobContext): Promise<void> {
    const upload = databaseUploadPath(this.config.dataDir, payload.uploadId);
    try {
      if (!(await lstat(upload).then((s) => s.isFile(), () => false))) {
        throw new JobFailure(`The uploaded file ${payload.fileName} is no longer there; upload it again.`);
      }
      const workspace = await this.workspaces.forAccount(payload.accountId);
      const env = { ...this.clients.env(payload.engine, payload.database), PANEL_FILE_NAME: payload.fileName };
      const { code, output } = await this.clients.run(workspace, RESTORE_SCRIPT, env, context, [`${upload}:${RESTORE_FILE}:ro`]);
      if (code !== 0) {
        throw new JobFailure(restoreFailure(payload.engine, output, payload.fileName) ?? `The restore failed: the client exited with status ${code}.`);
      }
    } finally {
      await rm(upload, { force: true });
    }
  }
}
