import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { HomeFsError, withFolderNoFollow } from './home-fs';

// Files in directories an account controls (its home, its /var/www and /var/log) are touched here as root. The account
// can put a symlink, a FIFO or a folder where a file is expected at any moment, so a final symlink is never followed
// (O_NOFOLLOW), opening never waits on a FIFO (O_NONBLOCK), and only regular files are read or written. The folders on
// the way are opened without following symlinks either (openFolderNoFollow), so a parent swapped for a link to
// another home cannot redirect a read or a write.
const { O_RDONLY, O_WRONLY, O_CREAT, O_NOFOLLOW, O_NONBLOCK, O_APPEND, O_TRUNC } = constants;

/** At most this much of a file is read unless the caller says otherwise. */
const DEFAULT_MAX_READ_BYTES = 1024 * 1024;

/**
 * Writes a file in a directory the account controls, as root, without following a symlink the account may have
 * put there (which could otherwise make root overwrite /etc/passwd), and gives it to the account.
 */
export async function writeOwnedFile(path: string, content: string | Uint8Array, uid: number, mode = 0o644, append = false): Promise<void> {
  const handle = await openInFolder(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | (append ? O_APPEND : O_TRUNC), mode).catch((error: NodeJS.ErrnoException) => {
    // A symlink in place of the file (ELOOP), or a FIFO with no reader (ENXIO): refused, nothing written.
    if (error.code === 'ELOOP' || error.code === 'ENXIO' || error.code === 'EISDIR') throw new HomeFsError('symlink', `${basename(path)} is a symbolic link, a folder or a pipe, not a regular file; the platform does not write through it.`);
    throw error;
  });
  if (!handle) throw new HomeFsError('symlink', `${dirname(path)} goes through a symbolic link; the platform does not write through it.`);
  try {
    if (!(await handle.stat()).isFile()) throw new HomeFsError('not-a-file', `${basename(path)} is not a regular file; the platform writes only regular files.`);
    if (content.length) await handle.writeFile(content);
    await handle.chown(uid, uid);
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

/** Creates the file if missing (keeping what it holds), owned by the account; refuses symlinks. */
export const touchOwnedFile = (path: string, uid: number, mode = 0o644) => writeOwnedFile(path, '', uid, mode, true);

export interface AccountFileText {
  text: string;
  /** The file's whole size; more than text holds when it was cut to maxBytes. */
  size: number;
}

/**
 * Reads a regular file from a directory the account controls: null when it is missing, a symlink or not a regular
 * file (or a folder on the way is a symlink the account could have made). Reads at most maxBytes, from the start
 * or, with `tail`, the end (starting at a line).
 */
export async function readAccountFile(path: string, options: { maxBytes?: number; tail?: boolean } = {}): Promise<AccountFileText | null> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  const handle = await openInFolder(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK).catch(() => null);
  if (!handle) return null;
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return null;
    const length = Math.min(stats.size, maxBytes);
    const start = options.tail ? stats.size - length : 0;
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    let text = buffer.subarray(0, bytesRead).toString('utf8');
    if (options.tail && start > 0) text = text.slice(text.indexOf('\n') + 1);
    return { text, size: stats.size };
  } finally {
    await handle.close();
  }
}

/** Whether a regular file is there (not a symlink, FIFO or folder). */
export const accountFileExists = async (path: string) => (await readAccountFile(path, { maxBytes: 0 })) !== null;

/** Opens a file through its folder's descriptor (openFolderNoFollow); null when the folder cannot be reached so. */
async function openInFolder(path: string, flags: number, mode?: number): Promise<FileHandle | null> {
  return withFolderNoFollow(dirname(path), (dir) => open(dir.at(basename(path)), flags, mode));
}
