import { z } from 'zod';
import { disallowedCharactersProblem } from './name-rules';

/**
 * Users' databases: MySQL (MariaDB) and PostgreSQL, one database user (role) per account named like the account.
 *
 * The naming rule is the same for both engines, so a name that is valid for one is valid for the other:
 * `<username>$<name>`, where <name> has only ASCII letters, digits and "_", and the whole name has at most 63
 * characters (PostgreSQL's limit; MySQL would allow 64). "$" is not a wildcard in MySQL grant patterns, and the
 * account's grant is on the escaped pattern `<username>$%`, so it can never match another account's databases.
 */
export const DATABASE_ENGINES = ['mysql', 'postgres'] as const;
export const DatabaseEngine = z.enum(DATABASE_ENGINES, { error: 'The database engine is "mysql" or "postgres".' });
export type DatabaseEngine = z.infer<typeof DatabaseEngine>;

/** Host names that account containers resolve to the user network's gateway, where both servers listen. */
export const DATABASE_HOSTS: Record<DatabaseEngine, string> = { mysql: 'mysql.panel.internal', postgres: 'postgres.panel.internal' };

export const DATABASE_ENGINE_LABELS: Record<DatabaseEngine, string> = { mysql: 'MySQL', postgres: 'PostgreSQL' };

/** The longest whole database name, `<username>$<name>` included (PostgreSQL's NAMEDATALEN - 1). */
export const MAX_DATABASE_NAME_LENGTH = 63;

export const DATABASE_NAME_RULE =
  'A database name has only letters (a-z, A-Z), digits and "_"; your username and "$" are put in front of it, and the whole name has at most 63 characters.';

/** The part after `<username>$`, as the user types it. */
export const databaseSuffixSchema = z
  .string({ error: DATABASE_NAME_RULE })
  .regex(/^[A-Za-z0-9_]{1,62}$/, { error: (issue) => databaseSuffixProblem(String(issue.input)) ?? DATABASE_NAME_RULE });

/** What is wrong with the part after `<username>$`, in words, or null. */
export function databaseSuffixProblem(suffix: string): string | null {
  if (!suffix) return 'Give the database a name.';
  const chars = disallowedCharactersProblem(suffix, /[A-Za-z0-9_]/, 'a database name', 'letters (a-z, A-Z), digits and "_"');
  if (chars) return chars;
  if (suffix.length > 62) return `A database name has at most 62 characters after "$"; this one has ${suffix.length}.`;
  return null;
}

export const fullDatabaseName = (username: string, suffix: string): string => `${username}$${suffix}`;

/** Why `<username>$<suffix>` is not a valid database name, or null when it is. */
export function databaseNameProblem(username: string, suffix: string): string | null {
  const problem = databaseSuffixProblem(suffix);
  if (problem) return problem;
  const length = fullDatabaseName(username, suffix).length;
  if (length > MAX_DATABASE_NAME_LENGTH) {
    return `The whole name ${username}$${suffix} has ${length} characters; the most is ${MAX_DATABASE_NAME_LENGTH}, so the part after "${username}$" can have at most ${MAX_DATABASE_NAME_LENGTH - username.length - 1}.`;
  }
  return null;
}

/** A whole name as listed (`alice$comments`): used in paths, where another account's prefix is simply not found. */
export const fullDatabaseNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,29}\$[A-Za-z0-9_]{1,62}$/, { error: 'A database is named like alice$comments: your username, "$", then letters, digits or "_".' })
  .max(MAX_DATABASE_NAME_LENGTH, { error: `A database name has at most ${MAX_DATABASE_NAME_LENGTH} characters.` });

export const DATABASE_PASSWORD_RULE =
  'A database password has 8 to 128 characters: ASCII letters, digits and punctuation, without spaces.';
/** Printable ASCII without spaces: it is written to ~/.my.cnf and ~/.pgpass, and hashed before it reaches a server. */
export const databasePasswordSchema = z
  .string({ error: DATABASE_PASSWORD_RULE })
  .regex(/^[\x21-\x7e]{8,128}$/, { error: DATABASE_PASSWORD_RULE });

/** The password, entered twice. */
export const DatabasePasswordRequest = z
  .object({ password: databasePasswordSchema, confirmPassword: z.string({ error: 'Enter the password a second time.' }) })
  .refine((r) => r.password === r.confirmPassword, { error: 'The two passwords differ.', path: ['confirmPassword'] });
export type DatabasePasswordRequest = z.infer<typeof DatabasePasswordRequest>;

export const CreateDatabaseRequest = z.object({ name: databaseSuffixSchema });
export type CreateDatabaseRequest = z.infer<typeof CreateDatabaseRequest>;

export const DatabaseView = z.object({
  engine: DatabaseEngine,
  /** The whole name, e.g. alice$comments. */
  name: z.string(),
  sizeBytes: z.number().int(),
});
export type DatabaseView = z.infer<typeof DatabaseView>;

export const DatabaseEngineView = z.object({
  engine: DatabaseEngine,
  /** False when the panel cannot reach this engine's server (then `problem` says why). */
  available: z.boolean(),
  problem: z.string().nullable(),
  /** Whether the account's database user exists (set up by "Initialize"). */
  initialized: z.boolean(),
  /** How to connect from the account's consoles, web apps and jobs. */
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  /** The file in the home that holds the credentials, so the command-line clients need no password. */
  credentialsFile: z.string(),
  maxConnections: z.number().int(),
  defaultDatabase: z.string(),
  databases: z.array(DatabaseView),
});
export type DatabaseEngineView = z.infer<typeof DatabaseEngineView>;

export const DatabasesOverview = z.object({ mysql: DatabaseEngineView, postgres: DatabaseEngineView });
export type DatabasesOverview = z.infer<typeof DatabasesOverview>;

/** A dump (the job writes it to the home) or a restore (of an uploaded file), with where its file is. */
export const DatabaseJobView = z.object({
  jobId: z.string(),
  kind: z.enum(['dump', 'restore']),
  engine: DatabaseEngine,
  database: z.string(),
  /** Dumps: the file in the home (/home/alice/.dumps/...); restores: the uploaded file's name. */
  file: z.string(),
  /** Dumps that succeeded: where to download the file. */
  downloadUrl: z.string().nullable(),
});
export type DatabaseJobView = z.infer<typeof DatabaseJobView>;

/** The directory in the home where dump jobs write their files. */
export const DUMPS_DIR = '.dumps';

const AccountJobFields = { accountId: z.number().int(), username: z.string() };

/** mysqldump / pg_dump as the account, into `file` (relative to the home). No password: the job uses ~/.my.cnf or ~/.pgpass. */
export const DatabaseDumpPayload = z.object({
  ...AccountJobFields,
  engine: DatabaseEngine,
  database: fullDatabaseNameSchema,
  file: z.string().regex(/^\.dumps\/[A-Za-z0-9_$.-]+\.sql$/),
});

/** mysql / psql as the account, reading an uploaded file (kept by the platform, outside the home, until the job ends). */
export const DatabaseRestorePayload = z.object({
  ...AccountJobFields,
  engine: DatabaseEngine,
  database: fullDatabaseNameSchema,
  uploadId: z.uuid(),
  /** The uploaded file's name, for messages. */
  fileName: z.string().max(255),
});
