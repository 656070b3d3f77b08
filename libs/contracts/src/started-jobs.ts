import { z } from 'zod';
import { DatabaseJobView } from './databases';
import { EnvironmentView } from './environments';
import { JobView } from './jobs';
import { WebAppView, WsgiFileView } from './webapps';

/*
 * Answers that carry a resource and the job started on it (watch it at /api/jobs/{job.id}/events). They live here,
 * not beside their resource, because jobs.ts imports environments.ts and databases.ts for the job payloads.
 */

/** POST /api/webapps: the new app and its setup job (null for a manual app, which waits for its first reload). */
export const CreatedWebAppView = z.object({ webapp: WebAppView, job: JobView.nullable() });
export type CreatedWebAppView = z.infer<typeof CreatedWebAppView>;

/** PUT /api/webapps/:domain/wsgi: the saved file and the reload it started (null while the app is disabled). */
export const SavedWsgiFileView = WsgiFileView.extend({ job: JobView.nullable() });
export type SavedWsgiFileView = z.infer<typeof SavedWsgiFileView>;

/** POST /api/environments: the environment (building) and its build job. */
export const CreatedEnvironmentView = z.object({ environment: EnvironmentView, job: JobView });
export type CreatedEnvironmentView = z.infer<typeof CreatedEnvironmentView>;

/** POST /api/databases/:engine/:name/dump. */
export const StartedDumpView = z.object({ job: JobView, dump: DatabaseJobView });
export type StartedDumpView = z.infer<typeof StartedDumpView>;

/** POST /api/databases/:engine/:name/restore. */
export const StartedRestoreView = z.object({ job: JobView, restore: DatabaseJobView });
export type StartedRestoreView = z.infer<typeof StartedRestoreView>;

/** One entry of GET /api/databases/:engine/:name/jobs: a dump or restore and its job. */
export const DatabaseJobEntryView = z.object({ job: JobView, database: DatabaseJobView });
export type DatabaseJobEntryView = z.infer<typeof DatabaseJobEntryView>;
