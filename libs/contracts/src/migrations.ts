import { z } from 'zod';

export const REVISION_RULE = 'A revision is "head", "base", a relative step like "-1" or "+2", or a revision id (letters, digits, "_").';
export const revisionSchema = z
  .string()
  .trim()
  .regex(/^(head|heads|base|[+-]\d{1,3}|[A-Za-z0-9_]{1,64}([+-]\d{1,3})?)$/, { error: REVISION_RULE });

/** Every action is a job in a one-off container with the web app's virtualenv, source directory and uid. */
export const RunMigrationRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('status') }),
  z.object({ action: z.literal('upgrade'), revision: revisionSchema.default('head') }),
  z.object({
    action: z.literal('downgrade'),
    revision: revisionSchema.default('-1'),
    confirm: z.literal(true, { error: 'A downgrade can drop columns and their data: confirm it with "confirm": true.' }),
  }),
  z.object({
    action: z.literal('stamp'),
    revision: revisionSchema.default('head'),
    confirm: z.literal(true, { error: 'Stamping changes what the database is said to contain without changing it: confirm it with "confirm": true.' }),
  }),
  z.object({ action: z.literal('generate'), message: z.string().trim().min(1, { error: 'Describe the migration in a message.' }).max(200) }),
  z.object({ action: z.literal('init') }),
  z.object({ action: z.literal('adopt') }),
  z.object({ action: z.literal('custom'), command: z.string().trim().min(1).max(1000) }),
]);
export type RunMigrationRequest = z.input<typeof RunMigrationRequest>;
export type MigrationAction = RunMigrationRequest['action'];

export const MigrationRevisionView = z.object({
  revision: z.string(),
  downRevision: z.string().nullable(),
  message: z.string(),
  file: z.string(),
  applied: z.boolean().nullable(),
  current: z.boolean(),
  head: z.boolean(),
});
export type MigrationRevisionView = z.infer<typeof MigrationRevisionView>;

/**
 * The database's revision as a job read it from the database itself: the rows of the app's `alembic_version` table,
 * over the app's own database URL (as the account, with its credentials). Printed by every migration job as one line,
 * REVISION_READ_MARKER followed by this object as JSON, and read back for the status view.
 */
export const RevisionRead = z.object({
  /**
   * read: `revisions` are the table's rows (several with branches); not-under-migrations: no `alembic_version` table,
   * or an empty one; unreachable: the database did not answer; error: the app or its database URL could not be loaded.
   */
  state: z.enum(['read', 'not-under-migrations', 'unreachable', 'error']),
  /** Revision ids only, sorted. */
  revisions: z.array(z.string().regex(/^[A-Za-z0-9_]{1,64}$/)),
  /** Why the state is not `read` (the database's or the loader's error), null when read. */
  message: z.string().nullable(),
  /** e.g. "mysql", "postgresql" (null: not known). */
  dialect: z.string().nullable(),
  database: z.string().nullable(),
  /** ISO time at which the table was read. */
  readAt: z.string(),
});
export type RevisionRead = z.infer<typeof RevisionRead>;

/** The line every migration job prints last, followed by a RevisionRead as JSON. */
export const REVISION_READ_MARKER = '[panel] database revision:';

/** The last RevisionRead a job printed; undefined when it printed none (or a malformed one). */
export function revisionReadFrom(output: string): RevisionRead | undefined {
  const line = output.split('\n').filter((l) => l.startsWith(REVISION_READ_MARKER)).at(-1);
  if (line === undefined) return undefined;
  try {
    const parsed = RevisionRead.safeParse(JSON.parse(line.slice(REVISION_READ_MARKER.length)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Where the status's current revision comes from: the last read of the database, by which job, when. */
export const MigrationDatabaseView = z.object({
  /** not-read: no job has read the database yet (see RevisionRead for the others). */
  state: z.enum(['not-read', 'read', 'not-under-migrations', 'unreachable', 'error']),
  message: z.string().nullable(),
  dialect: z.string().nullable(),
  database: z.string().nullable(),
  readAt: z.string().nullable(),
  /** The job that read it (a migration job, the quickstart, a reload with migrations, or a Refresh). */
  jobId: z.string().nullable(),
  /** How it was read, in words, e.g. "read from the alembic_version table of mysql database alice$comments". */
  how: z.string().nullable(),
});
export type MigrationDatabaseView = z.infer<typeof MigrationDatabaseView>;

export const MigrationStatusView = z.object({
  /** A Flask-Migrate / Alembic migrations folder exists in the source directory. */
  configured: z.boolean(),
  directory: z.string(),
  /** The Flask app the commands use (from the WSGI file's `from <module> import app`). */
  flaskApp: z.string().nullable(),
  /** Oldest first. */
  revisions: z.array(MigrationRevisionView),
  heads: z.array(z.string()),
  /** The database's revision id when it is at exactly one (null otherwise: see currentRevisions and database). */
  current: z.string().nullable(),
  /** Every row of the database's alembic_version (several when branches are applied), ids only. */
  currentRevisions: z.array(z.string()),
  /** When the database was last read (null: never, or it could not be read). */
  currentReadAt: z.string().nullable(),
  database: MigrationDatabaseView,
  /** Revisions not applied in the database; empty when the current revision is not known. */
  pending: z.array(z.string()),
  /** Who ran what, when, and the result. */
  history: z.array(
    z.object({ jobId: z.string(), action: z.string(), detail: z.string().nullable(), status: z.string(), createdAt: z.string(), finishedAt: z.string().nullable(), error: z.string().nullable() }),
  ),
});
export type MigrationStatusView = z.infer<typeof MigrationStatusView>;
