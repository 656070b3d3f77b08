import { z } from 'zod';
import { environmentNameSchema, packageSpecSchema, packageNameSchema } from './environments';
import { RunMigrationRequest } from './migrations';
import { DatabaseDumpPayload, DatabaseRestorePayload } from './databases';
import { PythonVersion } from './python';

/** The shared queue any node may take from; each node also has its own queue (see nodeQueueName). */
export enum QueueName {
  Shared = 'panel-shared',
}
export const nodeQueueName = (nodeId: string): string => `panel-node-${nodeId}`;

export enum JobName {
  SystemCheck = 'system.check',
  EnvironmentBuild = 'environment.build',
  EnvironmentInstall = 'environment.install',
  EnvironmentUninstall = 'environment.uninstall',
  WebAppReload = 'webapp.reload',
  WebAppStop = 'webapp.stop',
  WebAppQuickstart = 'webapp.quickstart',
  WebAppMigrate = 'webapp.migrate',
  DatabaseDump = 'database.dump',
  DatabaseRestore = 'database.restore',
}


const AccountJob = z.object({ accountId: z.number().int(), username: z.string() });

export const SystemCheckPayload = AccountJob.extend({ pythonVersion: PythonVersion });

export const EnvironmentBuildPayload = AccountJob.extend({
  name: environmentNameSchema,
  pythonVersion: PythonVersion,
  /** requirements.txt content, already read from the home if the user gave a path. */
  requirements: z.string(),
});

export const EnvironmentInstallPayload = AccountJob.extend({ name: environmentNameSchema, packages: z.array(packageSpecSchema).min(1) });
export const EnvironmentUninstallPayload = AccountJob.extend({ name: environmentNameSchema, packages: z.array(packageNameSchema).min(1) });

export const WebAppReloadPayload = AccountJob.extend({ webappId: z.number().int() });
/** Stops an app's containers and removes its route (disable; delete also removes the app's row). */
export const WebAppStopPayload = AccountJob.extend({ webappId: z.number().int(), domain: z.string(), deleteApp: z.boolean() });
/** Sets up a template app: environment from its requirements, migrations, then the first reload. */
export const WebAppQuickstartPayload = AccountJob.extend({
  webappId: z.number().int(),
  environmentName: environmentNameSchema,
  pythonVersion: PythonVersion,
  requirements: z.string(),
  runMigrations: z.boolean(),
  /** Werkzeug password hash only: passwords never go into job payloads or logs. */
  initialUser: z.object({ username: z.string(), passwordHash: z.string() }).optional(),
});

/** A database migration action on a web app (see migrations.ts). */
export const WebAppMigratePayload = AccountJob.extend({
  webappId: z.number().int(),
  request: RunMigrationRequest,
});

/** One payload schema per job name: the API validates before enqueueing, the worker before handling. */
export const jobPayloadSchemas = {
  [JobName.SystemCheck]: SystemCheckPayload,
  [JobName.EnvironmentBuild]: EnvironmentBuildPayload,
  [JobName.EnvironmentInstall]: EnvironmentInstallPayload,
  [JobName.EnvironmentUninstall]: EnvironmentUninstallPayload,
  [JobName.WebAppReload]: WebAppReloadPayload,
  [JobName.WebAppStop]: WebAppStopPayload,
  [JobName.WebAppQuickstart]: WebAppQuickstartPayload,
  [JobName.WebAppMigrate]: WebAppMigratePayload,
  [JobName.DatabaseDump]: DatabaseDumpPayload,
  [JobName.DatabaseRestore]: DatabaseRestorePayload,
} as const satisfies Record<JobName, z.ZodType>;

export type JobPayload<N extends JobName> = z.infer<(typeof jobPayloadSchemas)[N]>;
export type AnyJobRequest = { [N in JobName]: { name: N; payload: JobPayload<N> } }[JobName];

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobStatus = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatus>;
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export const JobProgress = z.object({ done: z.number().int(), total: z.number().int() });
export type JobProgress = z.infer<typeof JobProgress>;

export const JobView = z.object({
  id: z.string(),
  name: z.enum(JobName),
  status: JobStatus,
  accountId: z.number().int().nullable(),
  /** The resource the job works on (e.g. "environment:alice/flask"), used to serialise jobs per resource. */
  resourceKey: z.string().nullable(),
  nodeId: z.string().nullable(),
  progress: JobProgress.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type JobView = z.infer<typeof JobView>;

/** Server-sent events on GET /api/jobs/:id/events. */
export type JobStreamEvent =
  | { type: 'output'; offset: number; data: string }
  | { type: 'job'; job: JobView };

export const StartSystemCheckRequest = z.object({
  pythonVersion: PythonVersion.default('3.11'),
});
export type StartSystemCheckRequest = z.infer<typeof StartSystemCheckRequest>;
