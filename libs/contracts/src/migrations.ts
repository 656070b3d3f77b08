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

export const MigrationStatusView = z.object({
  /** A Flask-Migrate / Alembic migrations folder exists in the source directory. */
  configured: z.boolean(),
  directory: z.string(),
  /** The Flask app the commands use (from the WSGI file's `from <module> import app`). */
  flaskApp: z.string().nullable(),
  /** Oldest first. */
  revisions: z.array(MigrationRevisionView),
  heads: z.array(z.string()),
  /** The database's revision as last read by a migration job (null: never read, or an empty database). */
  current: z.string().nullable(),
  currentReadAt: z.string().nullable(),
  pending: z.array(z.string()),
  /** Who ran what, when, and the result. */
  history: z.array(
    z.object({ jobId: z.string(), action: z.string(), detail: z.string().nullable(), status: z.string(), createdAt: z.string(), finishedAt: z.string().nullable(), error: z.string().nullable() }),
  ),
});
export type MigrationStatusView = z.infer<typeof MigrationStatusView>;

/** The line each migration job prints last, read back for the status view. */
export const CURRENT_REVISION_MARKER = '[panel] current revision:';

/** The revision a job printed last (see CURRENT_REVISION_MARKER): null for none, undefined when it printed no marker. */
export function currentRevisionFrom(output: string, marker = CURRENT_REVISION_MARKER): string | null | undefined {
  const line = output.split('\n').filter((l) => l.startsWith(marker)).at(-1);
  if (line === undefined) return undefined;
  const value = line.slice(marker.length).trim();
  return value && value !== 'none' ? value : null;
}
