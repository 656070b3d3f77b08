import { WEBAPP_LOG_KINDS, webappLogContainerPath, webappLogFileName, WebAppLogKind, wsgiFileName } from '@panel/contracts';
import { lstatNoFollow, touchOwnedFile } from '@panel/home-fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { JobFailure } from '../jobs/job-handler';

/**
 * Creates the app's three logs owned by the account, so the app (running as the account) can append to them. A
 * symlink or FIFO the account left in a log's place is replaced by a fresh log; a folder there is refused.
 */
export async function ensureLogFiles(logDir: string, domain: string, uid: number) {
  for (const kind of WEBAPP_LOG_KINDS) {
    const path = join(logDir, webappLogFileName(domain, kind));
    const existing = await lstatNoFollow(path).catch(() => null);
    if (existing?.isDirectory()) throw new JobFailure(`${webappLogContainerPath(domain, kind)} is a folder; remove it so the app can log there.`);
    if (existing && !existing.isFile()) await unlink(path); // unlink(2) removes a link itself, never its target
    await touchOwnedFile(path, uid);
  }
}

export const logFilePath = (logDir: string, domain: string, kind: WebAppLogKind) => join(logDir, webappLogFileName(domain, kind));
export const wsgiHostPath = (wwwDir: string, domain: string) => join(wwwDir, wsgiFileName(domain));
