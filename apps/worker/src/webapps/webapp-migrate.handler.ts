import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { JobName, JobPayload } from '@panel/contracts';
import { WebAppEntity } from '@panel/database';
import { Repository } from 'typeorm';
import { AccountWorkspaces } from '../accounts/account-workspace';
import { HandlesJob, JobContext, JobFailure, JobHandler } from '../jobs/job-handler';
import { WebAppMigrations } from './webapp-migrations';

/** Database migration actions, serialised with the app's reloads (same resource key). */
@Injectable()
@HandlesJob(JobName.WebAppMigrate)
export class WebAppMigrateHandler implements JobHandler<JobName.WebAppMigrate> {
  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    private readonly workspaces: AccountWorkspaces,
    private readonly migrations: WebAppMigrations,
  ) {}

  async handle(payload: JobPayload<JobName.WebAppMigrate>, context: JobContext): Promise<void> {
    const app = await this.webapps.findOneBy({ id: payload.webappId, accountId: payload.accountId });
    if (!app) throw new JobFailure('The web app no longer exists.');
    const workspace = await this.workspaces.forAccount(payload.accountId);
    // Reading the database's revision (status) needs only the app: a database not under migrations says so.
    const needsSetup = !['init', 'custom', 'adopt', 'status'].includes(payload.request.action);
    if (needsSetup && !(await this.migrations.hasMigrations(app, workspace))) {
      throw new JobFailure(`There is no migrations folder in ${app.sourceDirectory}. Run "Init" (flask db init) first, or "Adopt" for a database made with db.create_all().`);
    }
    await this.migrations.run(app, workspace, payload.request, context);
  }
}
