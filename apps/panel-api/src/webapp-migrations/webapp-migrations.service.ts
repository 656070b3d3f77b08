import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { JobName, MigrationDatabaseView, MigrationStatusView, revisionReadFrom, RunMigrationRequest } from '@panel/contracts';
import { AccountEntity, JobEntity } from '@panel/database';
import { JobLogStore, webappResourceKey } from '@panel/jobs';
import { accountFileExists, HomeFsError } from '@panel/home-fs';
import { JOB_LOG_STORE, PANEL_CONFIG } from '@panel/nest';
import { join } from 'node:path';
import { z } from 'zod';
import { openAccountHome } from '../common/account-home';
import { JobsService } from '../jobs/jobs.service';
import { WebAppsService } from '../webapps/webapps.service';
import { readRevisionFiles, revisionGraph } from './migration-files';
import { WebAppMigrationsException } from './webapp-migrations.exceptions';

const JOBS_THAT_MIGRATE: string[] = [JobName.WebAppMigrate, JobName.WebAppQuickstart, JobName.WebAppReload];

@Injectable()
export class WebAppMigrationsService {
  constructor(
    private readonly webapps: WebAppsService,
    private readonly jobs: JobsService,
    @Inject(JOB_LOG_STORE) private readonly logs: JobLogStore,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /**
   * The migrations folder read from disk, plus the database's revision as the last job read it from the database
   * itself (every migration job ends by reading the app's alembic_version with the app's own URL: panel_revision.py).
   * Applied and pending follow from walking the revision graph down from the rows read.
   */
  async status(account: AccountEntity, domain: string): Promise<MigrationStatusView> {
    const app = await this.webapps.find(account, domain);
    const directory = `${app.sourceDirectory}/migrations`;
    // Symlinks inside the home are resolved first (as the app's container sees them); the reads then open every
    // folder from / to migrations/versions without following one, so a link to another home reads nothing of it.
    let migrationsHost: string;
    try {
      const home = await openAccountHome(this.config, account);
      migrationsHost = await home.hostPath(directory);
    } catch (error) {
      // Whatever the refusal (outside, missing, a link), the status answers 400 with its reason.
      if (error instanceof HomeFsError) throw new WebAppMigrationsException('MIGRATIONS_FOLDER_REFUSED', error.message);
      throw error;
    }
    const configured = await accountFileExists(join(migrationsHost, 'env.py'));
    const files = configured ? await readRevisionFiles(join(migrationsHost, 'versions')) : [];
    const jobs = await this.jobs.listForResource(account.id, webappResourceKey(app.id), 50);
    const database = await this.lastRead(jobs);
    const currentRevisions = database.state === 'read' ? database.revisions : [];
    const known = database.state === 'read' || database.state === 'not-under-migrations';
    const graph = revisionGraph(files, known ? currentRevisions : undefined);
    const wsgi = await this.webapps.readWsgiFile(account, domain);
    return {
      configured,
      directory,
      flaskApp: /^\s*from\s+([A-Za-z_][\w.]*)\s+import\s+app\b/m.exec(wsgi.content)?.[1] ?? null,
      revisions: graph.revisions,
      heads: graph.heads,
      current: currentRevisions.length === 1 ? currentRevisions[0] : null,
      currentRevisions,
      currentReadAt: known ? database.view.readAt : null,
      database: database.view,
      pending: known ? graph.pending : [],
      history: jobs
        .filter((j) => j.name === JobName.WebAppMigrate)
        .map((j) => {
          const request = (j.payload as { request?: z.infer<typeof RunMigrationRequest> }).request;
          const detail = request ? ('revision' in request ? request.revision : 'message' in request ? request.message : 'command' in request ? request.command : null) : null;
          return { jobId: j.id, action: request?.action ?? 'unknown', detail, status: j.status, createdAt: j.createdAt.toISOString(), finishedAt: j.finishedAt?.toISOString() ?? null, error: j.error };
        }),
    };
  }

  async run(account: AccountEntity, domain: string, request: z.infer<typeof RunMigrationRequest>): Promise<JobEntity> {
    const app = await this.webapps.find(account, domain);
    return this.jobs.enqueue(
      JobName.WebAppMigrate,
      { accountId: account.id, username: account.username, webappId: app.id, domain: app.domain, request },
      { accountId: account.id, resourceKey: webappResourceKey(app.id), nodeId: app.nodeId },
    );
  }

  /** Reads the database again: a short status job (as the account, with the app's own database URL). */
  refresh(account: AccountEntity, domain: string): Promise<JobEntity> {
    return this.run(account, domain, { action: 'status' });
  }

  /** The last read of the database a finished job printed (newest first), or "not read". */
  private async lastRead(jobs: JobEntity[]): Promise<{ state: MigrationDatabaseView['state']; revisions: string[]; view: MigrationDatabaseView }> {
    for (const job of jobs) {
      if (!JOBS_THAT_MIGRATE.includes(job.name) || !job.finishedAt) continue;
      const read = revisionReadFrom(await this.logs.read(job.id));
      if (!read) continue;
      const where = read.dialect ? `the ${read.dialect} database${read.database ? ` ${read.database}` : ''}` : 'the app\'s database';
      const how =
        read.state === 'read' || read.state === 'not-under-migrations'
          ? `read from the alembic_version table of ${where}, with the app's own database URL, by job ${job.id}`
          : `job ${job.id} could not read ${where}`;
      return {
        state: read.state,
        revisions: read.revisions,
        view: { state: read.state, message: read.message, dialect: read.dialect, database: read.database, readAt: read.readAt, jobId: job.id, how },
      };
    }
    return { state: 'not-read', revisions: [], view: { state: 'not-read', message: null, dialect: null, database: null, readAt: null, jobId: null, how: null } };
  }
}
