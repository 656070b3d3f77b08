import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Writes a file in a directory the account controls, as root, without following a symlink the account may have
 * put there (which could otherwise make root overwrite /etc/passwd), and gives it to the account.
 */
export async function writeOwnedFile(path: string, content: string, uid: number, mode = 0o644, append = false): Promise<void> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (append ? constants.O_APPEND : constants.O_TRUNC);
  const handle = await open(path, flags, mode);
  try {
    if (content) await handle.writeFile(content);
    await handle.chown(uid, uid);
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

/** Creates the file if missing (keeping what it holds), owned by the account; refuses symlinks. */
export const touchOwnedFile = (path: string, uid: number, mode = 0o644) => writeOwnedFile(path, '', uid, mode, true);
