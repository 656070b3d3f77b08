import type { PanelConfig } from '@panel/config';
import type { AccountEntity } from '@panel/database';
import { accountHostHome, ensureHomeDirectory, HomeFsError, readAccountFile, writeOwnedFile } from '@panel/home-fs';
import { lstat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabasesException } from './databases.exceptions';

const hostPath = (config: PanelConfig, account: AccountEntity, file: string) => join(accountHostHome(config, account.username), file);

/** A credentials file that cannot be written (the account put a directory or a link in its place): a 409. */
const notRegular = (message: string) => new DatabasesException('DATABASE_CREDENTIALS_FILE_NOT_REGULAR', message);

/** Checked before a server is changed, so a password is never set that the file cannot then hold. */
export async function checkCredentialsFile(config: PanelConfig, account: AccountEntity, file: string): Promise<void> {
  const info = await lstat(hostPath(config, account, file)).catch(() => null);
  if (info && !info.isFile()) {
    throw notRegular(`~/${file} in your home is not a regular file (a link or a directory?). Remove it, then try again.`);
  }
}

/** Writes ~/<file> as the account's, mode 0600, never following a link the account put there. */
export async function writeCredentialsFile(config: PanelConfig, account: AccountEntity, file: string, content: string): Promise<void> {
  await ensureHomeDirectory(config.homesDir, account.username, account.uid!);
  try {
    await writeOwnedFile(hostPath(config, account, file), content, account.uid!, 0o600);
  } catch (error) {
    if (error instanceof HomeFsError) {
      throw notRegular(`~/${file} in your home is not a regular file (a link or a directory?). Remove it, then set the password again.`);
    }
    throw error;
  }
}

/** Removes ~/<file> if it still holds exactly `content` (what the platform wrote): anything else is the account's. */
export async function removeCredentialsFileIf(config: PanelConfig, account: AccountEntity, file: string, content: string): Promise<void> {
  const path = hostPath(config, account, file);
  if ((await readAccountFile(path, { maxBytes: 64 * 1024 }))?.text !== content) return;
  await unlink(path).catch(() => undefined); // unlink(2) never follows a link; the home itself is in root's folder
}
