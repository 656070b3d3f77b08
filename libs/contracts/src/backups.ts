import { z } from 'zod';

/** One run of `npm run backup`, as the Admin page shows it. */
export const BackupRunView = z.object({
  id: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  location: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type BackupRunView = z.infer<typeof BackupRunView>;

/** GET /api/admin/backups: the latest run (whatever its outcome) and the latest that succeeded. */
export const BackupsView = z.object({
  latest: BackupRunView.nullable(),
  lastSucceeded: BackupRunView.nullable(),
});
export type BackupsView = z.infer<typeof BackupsView>;
