import { z } from 'zod';

/** The manifest's format; a restore refuses one it does not know. */
export const BACKUP_FORMAT = 1;

/**
 * What one backup folder holds, written last: a folder without a manifest whose status is `complete` is not a backup
 * (it failed, or it is being written). Every path is relative to the folder.
 */
export const BackupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  status: z.enum(['complete', 'failed']),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  error: z.string().nullable(),
  instanceId: z.string(),
  /** The nodes the platform had: a restore onto one new node moves everything to it. */
  nodeIds: z.array(z.string()),
  panelDatabase: z.string(),
  accounts: z.array(
    z.object({
      username: z.string(),
      mysql: z.object({ passwordHash: z.string(), databases: z.array(z.object({ name: z.string(), file: z.string() })) }).nullable(),
      postgres: z.object({ passwordVerifier: z.string(), databases: z.array(z.object({ name: z.string(), file: z.string() })) }).nullable(),
    }),
  ),
  /** PANEL_DATA_DIR: homes, /var/www, logs, task output, job logs. */
  dataDir: z.string(),
  /** The settings file (PANEL_ENV_FILE), if there was one. */
  settingsFile: z.string().nullable(),
  sizeBytes: z.number().int(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export const MANIFEST_FILE = 'manifest.json';
