import { Injectable } from '@nestjs/common';
import { DATABASE_ENGINE_LABELS, JobName, JobPayload } from '@panel/contracts';
import { AccountWorkspace, AccountWorkspaces, workspaceHomeFs } from '../accounts/account-workspace';
import { HandlesJob, JobContext, JobFailure, JobHandler } from '../jobs/job-handler';
import { clientProblem } from './restore-errors';
import { DUMP_SCRIPT, DatabaseClients } from './database-clients';

/** mysqldump / pg_dump into ~/.dumps/<database>-<time>.sql; panel-api streams that file to the browser. */
@Injectable()
@HandlesJob(JobName.DatabaseDump)
export class DatabaseDumpHandler implements JobHandler<JobName.DatabaseDump> {
  constructor(
    private readonly workspaces: AccountWorkspaces,
    private readonly clients: DatabaseClients,
  ) {}

  async handle(payload: JobPayload<JobName.DatabaseDump>, context: JobContext): Promise<void> {
    const workspace = await this.workspaces.forAccount(payload.accountId);
    const env = { ...this.clients.env(payload.engine, payload.database), PANEL_FILE: payload.file };
    let code: number;
    let output: string;
    try {
      ({ code, output } = await this.clients.run(workspace, DUMP_SCRIPT, env, context));
    } catch (error) {
      await removePartial(workspace, payload.file);
      throw error;
    }
    if (code !== 0) {
      await removePartial(workspace, payload.file);
      throw new JobFailure(`The dump of ${payload.database} failed: ${clientProblem(output) ?? `${DATABASE_ENGINE_LABELS[payload.engine]}'s client exited with status ${code}`}`);
    }
  }
}

/** A killed dump (cancel, time limit) leaves its .partial file: removed, never following a link out of the home. */
async function removePartial(workspace: AccountWorkspace, file: string) {
  const home = await workspaceHomeFs(workspace);
  await home.removeIf(`${file}.partial`, 'file').catch(() => false);
}
