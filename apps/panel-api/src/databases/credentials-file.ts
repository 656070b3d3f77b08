import type { PanelConfig } from '@panel/config';
import type { AccountEntity } from '@panel/database';
import { ensureHomeDirectory, HomeFsError, writeOwnedFile } from '@panel/home-fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';

/** A credentials file that cannot be written (the account put a directory or a link in its place). */
export class CredentialsFileError extends Error {}

const hostPath = (config: PanelConfig, account: AccountEntity, file: string) => join(config.homesDir, account.username, file);

/** Checked before a server is changed, so a password is never set that the file cannot then hold. */
export async function checkCredentialsFile(config: PanelConfig, account: AccountEntity, file: string): Promise<void> {
  const info = await lstat(hostPath(config, account, file)).catch(() => null);
  if (info && !info.isFile()) {
    throw new CredentialsFileError(`~/${file} in your home is not a regular file (a link or a directory?). Remove it, then try again.`);
  }
}

/** Writes ~/<file> as the account's, mode 0600, never following a link the account put there. */
export async function writeCredentialsFile(config: PanelConfig, account: AccountEntity, file: string, content: string): Promise<void> {
  await ensureHomeDirectory(config.homesDir, account.username, account.uid!);
  try {
    await writeOwnedFile(hostPath(config, account, file), content, account.uid!, 0o600);
  } catch (error) {
    if (error instanceof HomeFsError) {
      throw new CredentialsFileError(`~/${file} in your home is not a regular file (a link or a directory?). Remove it, then set the password again.`);
    }
    throw error;
  }
}
