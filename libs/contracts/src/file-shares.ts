import { z } from 'zod';

/** A file shared by link (GET/POST /api/files/shares): `url` is relative to the panel's address. */
export const FileShareView = z.object({ path: z.string(), url: z.string(), createdAt: z.string().optional() });
export type FileShareView = z.infer<typeof FileShareView>;
