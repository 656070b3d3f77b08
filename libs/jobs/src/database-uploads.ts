import { join } from 'node:path';

/**
 * Where panel-api keeps an uploaded .sql file until its restore job has run: under PANEL_DATA_DIR (root's, shared by
 * the nodes like the homes), never in the home, so root never writes through a path the account controls.
 */
export const databaseUploadsDir = (dataDir: string): string => join(dataDir, 'uploads', 'databases');

export function databaseUploadPath(dataDir: string, uploadId: string): string {
  if (!/^[0-9a-f-]{36}$/.test(uploadId)) throw new Error(`invalid upload id ${uploadId}`);
  return join(databaseUploadsDir(dataDir), `${uploadId}.sql`);
}
