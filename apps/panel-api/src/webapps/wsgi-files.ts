import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { wsgiContainerPath, wsgiFileName } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { accountWebDirs, ensureAccountWebDirs, HomeFsError, lstatNoFollow, readAccountFile, withFolderNoFollow, writeOwnedFile } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { constants } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WebAppsException } from './webapps.exceptions';

/**
 * Web apps' WSGI files, PythonAnywhere's /var/www/<domain_with_underscores>_wsgi.py: the account's
 * PANEL_DATA_DIR/www/<username>, where the account can put a symlink, a folder or a pipe at any time. Reads and
 * writes never follow one (readAccountFile, writeOwnedFile); such a name is refused with WEBAPP_WSGI_FILE_NOT_REGULAR.
 */
@Injectable()
export class WsgiFiles {
  constructor(@Inject(PANEL_CONFIG) private readonly config: PanelConfig) {}

  private hostPath(account: AccountEntity, domain: string): string {
    return join(accountWebDirs(this.config, account.username).www, wsgiFileName(domain));
  }

  /** The file's text, or null when there is none (or it is not a regular file). */
  async read(account: AccountEntity, domain: string): Promise<string | null> {
    return (await readAccountFile(this.hostPath(account, domain)))?.text ?? null;
  }

  /** The file's bytes exactly (to put back should a later step fail), or null when there is no regular file. */
  async snapshot(account: AccountEntity, domain: string): Promise<Buffer | null> {
    const path = this.hostPath(account, domain);
    const handle = await withFolderNoFollow(dirname(path), (dir) => open(dir.at(basename(path)), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)).catch(() => null);
    if (!handle) return null;
    try {
      return (await handle.stat()).isFile() ? await handle.readFile() : null;
    } finally {
      await handle.close();
    }
  }

  /** Refuses (before anything changes) a WSGI file path that holds a symlink, a folder or a pipe. */
  async checkWritable(account: AccountEntity, domain: string): Promise<void> {
    const existing = await lstatNoFollow(this.hostPath(account, domain));
    if (existing && !existing.isFile()) throw notAFile(domain);
  }

  async write(account: AccountEntity, domain: string, content: string | Uint8Array): Promise<void> {
    await ensureAccountWebDirs(this.config, account.username, account.uid!);
    try {
      await writeOwnedFile(this.hostPath(account, domain), content, account.uid!);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (error instanceof HomeFsError || ['ELOOP', 'EISDIR', 'ENXIO', 'EINVAL'].includes(code ?? '')) throw notAFile(domain);
      throw error;
    }
  }

  /** Removes the file if it is a regular file (unlink(2) never follows a link; a folder is left alone). */
  async remove(account: AccountEntity, domain: string): Promise<void> {
    const existing = await lstatNoFollow(this.hostPath(account, domain));
    if (existing?.isFile()) await unlink(this.hostPath(account, domain)).catch(() => undefined);
  }
}

function notAFile(domain: string) {
  return new WebAppsException(
    'WEBAPP_WSGI_FILE_NOT_REGULAR',
    `${wsgiContainerPath(domain)} is a symbolic link, a folder or a pipe, not a regular file, so the platform does not write it. Remove it (in a console), then try again.`,
  );
}
