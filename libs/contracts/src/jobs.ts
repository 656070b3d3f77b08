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
  WebAppMoveIn = 'webapp.move-in',
  WebAppRelease = 'webapp.release',
  DatabaseDump = 'database.dump',
  DatabaseRestore = 'database.restore',
  AccountDelete = 'account.delete',
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

/** `domain` names the app in job lists ("Reload alice.apps.localhost"); the worker reads the app by id. */
const WebAppJob = AccountJob.extend({ webappId: z.number().int(), domain: z.string().optional() });

export const WebAppReloadPayload = WebAppJob;
/** Stops an app's containers and removes its route (disable; delete also removes the app's row). */
export const WebAppStopPayload = AccountJob.extend({ webappId: z.number().int(), domain: z.string(), deleteApp: z.boolean() });
/** Sets up a template app: environment from its requirements, migrations, then the first reload. */
export const WebAppQuickstartPayload = WebAppJob.extend({
  environmentName: environmentNameSchema,
  pythonVersion: PythonVersion,
  requirements: z.string(),
  runMigrations: z.boolean(),
  /** Werkzeug password hash only: passwords never go into job payloads or logs. */
  initialUser: z.object({ username: z.string(), passwordHash: z.string() }).optional(),
});

/**
 * Moves an app to the node that takes the job: start it there, check it answers through that node's Caddy, switch
 * the placement (the edge follows), then have the old node release it. `placementEpoch` is the placement it moves from.
 */
export const WebAppMoveInPayload = WebAppJob.extend({ fromNodeId: z.string(), placementEpoch: z.number().int() });
/** On the node an app left: stop its containers there and drop its route, once the edge routes elsewhere. */
export const WebAppReleasePayload = WebAppJob.extend({ placementEpoch: z.number().int() });

/** A database migration action on a web app (see migrations.ts). */
export const WebAppMigratePayload = WebAppJob.extend({
  request: RunMigrationRequest,
});

/**
 * On the account's home node, after the API has dropped its databases, deleted its web apps, tasks, tokens and
 * sessions: remove every container of the account on the node, its home, /var/www, /var/log and passwd files, then
 * its row (which takes its consoles, environments and usage rows with it).
 */
export const AccountDeletePayload = AccountJob.extend({ uid: z.number().int().nullable() });

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
  [JobName.WebAppMoveIn]: WebAppMoveInPayload,
  [JobName.WebAppRelease]: WebAppReleasePayload,
  [JobName.DatabaseDump]: DatabaseDumpPayload,
  [JobName.DatabaseRestore]: DatabaseRestorePayload,
  [JobName.AccountDelete]: AccountDeletePayload,
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
  /** What the job does to what, in words: "Reload alice.apps.localhost", "Install flask into mysite-env". */
  title: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type JobView = z.infer<typeof JobView>;

/** Where a queued job stands: how many jobs its queue serves before it (null once it runs or has finished). */
export const JobQueuePosition = z.object({ status: JobStatus, jobsAhead: z.number().int().nullable() });
export type JobQueuePosition = z.infer<typeof JobQueuePosition>;

const listed = (items: unknown, max = 3): string => {
  const names = Array.isArray(items) ? items.map(String) : [];
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
};

/**
 * A job in words, naming what it acted on. Read from the stored payload, so jobs queued before a field existed (or
 * with a payload this version cannot read) fall back to the kind of job alone.
 */
export function jobTitle(name: string, payload: Record<string, unknown> | null | undefined): string {
  const p = payload ?? {};
  const str = (key: string): string | null => (typeof p[key] === 'string' && p[key] ? (p[key] as string) : null);
  const domain = str('domain');
  switch (name) {
    case JobName.SystemCheck:
      return str('pythonVersion') ? `System check (Python ${str('pythonVersion')})` : 'System check';
    case JobName.EnvironmentBuild:
      return str('name') ? `Build ${str('name')}${str('pythonVersion') ? ` (Python ${str('pythonVersion')})` : ''}` : 'Build environment';
    case JobName.EnvironmentInstall:
      return str('name') && listed(p.packages) ? `Install ${listed(p.packages)} into ${str('name')}` : 'Install packages';
    case JobName.EnvironmentUninstall:
      return str('name') && listed(p.packages) ? `Uninstall ${listed(p.packages)} from ${str('name')}` : 'Uninstall packages';
    case JobName.WebAppReload:
      return domain ? `Reload ${domain}` : 'Reload web app';
    case JobName.WebAppStop:
      return domain ? `${p.deleteApp ? 'Delete' : 'Stop'} ${domain}` : 'Stop web app';
    case JobName.WebAppMoveIn:
      return domain ? `Move ${domain}${str('fromNodeId') ? ` from ${str('fromNodeId')}` : ''}` : 'Move web app';
    case JobName.WebAppRelease:
      return domain ? `Release ${domain} after its move` : 'Release moved web app';
    case JobName.WebAppQuickstart:
      return domain ? `Set up ${domain}` : 'Web app quickstart';
    case JobName.WebAppMigrate: {
      const request = (p.request ?? {}) as Record<string, unknown>;
      const revision = typeof request.revision === 'string' ? ` to ${request.revision}` : '';
      const what: Record<string, string> = {
        status: 'Read the migrations of',
        upgrade: `Upgrade${revision}:`,
        downgrade: `Downgrade${revision}:`,
        stamp: `Stamp${revision}:`,
        generate: 'Generate a migration for',
        init: 'Start migrations for',
        adopt: 'Adopt the database of',
        custom: 'Run a flask db command for',
      };
      const verb = typeof request.action === 'string' ? what[request.action] : undefined;
      return domain ? `${verb ?? 'Migrations of'} ${domain}` : 'Database migrations';
    }
    case JobName.DatabaseDump:
      return str('database') ? `Dump ${str('database')}` : 'Database dump';
    case JobName.DatabaseRestore:
      return str('database') ? `Restore ${str('database')}${str('fileName') ? ` from ${str('fileName')}` : ''}` : 'Database restore';
    case JobName.AccountDelete:
      return str('username') ? `Delete the account ${str('username')}` : 'Delete an account';
    default:
      return name;
  }
}

/** Server-sent events on GET /api/jobs/:id/events. */
export type JobStreamEvent =
  | { type: 'output'; offset: number; data: string }
  | { type: 'job'; job: JobView };

export const StartSystemCheckRequest = z.object({
  pythonVersion: PythonVersion.default('3.11'),
});
export type StartSystemCheckRequest = z.infer<typeof StartSystemCheckRequest>;
