import { constants } from 'node:fs';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

// Logs live in a directory the account controls, and this runs as root: every open refuses a final symlink
// (O_NOFOLLOW) and never blocks on a FIFO (O_NONBLOCK); rename and unlink act on the entry itself, never on a target.
const { O_RDONLY, O_RDWR, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;
const COPY_CHUNK = 1024 * 1024;
const gzip = promisify(gzipCallback);

const rotatedName = (path: string, index: number) => (index === 1 ? `${path}.1` : `${path}.${index}.gz`);

/**
 * Rotates one log if it is larger than maxBytes: `<log>.N-1.gz` → `<log>.N.gz` …, `<log>.1` gzipped into
 * `<log>.2.gz`, the live log copied to `<log>.1` and truncated in place (copytruncate: the app keeps writing to the
 * file it has open, with O_APPEND, so it needs no signal). The rotated files belong to the account. Lines written
 * between the copy and the truncation (microseconds) are lost, as with logrotate's copytruncate.
 * Returns whether the log was rotated.
 */
export async function rotateLogIfLarge(path: string, uid: number, maxBytes: number, keep: number): Promise<boolean> {
  const live = await open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK).catch(() => null);
  if (!live) return false;
  try {
    const stats = await live.stat();
    if (!stats.isFile() || stats.size <= maxBytes) return false;
    await unlinkIfPresent(rotatedName(path, keep));
    for (let index = keep - 1; index >= 2; index--) await renameIfPresent(rotatedName(path, index), rotatedName(path, index + 1));
    if (keep >= 2) await gzipInto(rotatedName(path, 1), rotatedName(path, 2), uid);
    await unlinkIfPresent(rotatedName(path, 1));
    const copy = await open(rotatedName(path, 1), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
    try {
      const copied = await copyRange(live, copy, 0);
      // Catch up with what the app wrote during the copy, then empty the live log at once.
      await copyRange(live, copy, copied);
      await live.truncate(0);
      await copy.chown(uid, uid);
    } finally {
      await copy.close();
    }
    return true;
  } finally {
    await live.close();
  }
}

/** Copies from `from` to the end of the source as it is now; returns the new offset. */
async function copyRange(source: FileHandle, target: FileHandle, from: number): Promise<number> {
  const buffer = Buffer.alloc(COPY_CHUNK);
  let offset = from;
  for (;;) {
    const { bytesRead } = await source.read(buffer, 0, COPY_CHUNK, offset);
    if (bytesRead === 0) return offset;
    await target.write(buffer, 0, bytesRead);
    offset += bytesRead;
  }
}

/** Compresses a regular file into a new file owned by the account; a symlink or FIFO in either place is skipped. */
async function gzipInto(sourcePath: string, targetPath: string, uid: number): Promise<void> {
  const source = await open(sourcePath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK).catch(() => null);
  if (!source) return;
  try {
    if (!(await source.stat()).isFile()) return;
    await unlinkIfPresent(targetPath);
    const target = await open(targetPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
    try {
      await target.chown(uid, uid);
      // One gzip member per chunk: a multi-member file that gzip, zcat and Python read as one.
      const buffer = Buffer.alloc(COPY_CHUNK);
      for (let offset = 0; ; ) {
        const { bytesRead } = await source.read(buffer, 0, COPY_CHUNK, offset);
        if (bytesRead === 0) break;
        await target.write(await gzip(buffer.subarray(0, bytesRead)));
        offset += bytesRead;
      }
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function unlinkIfPresent(path: string) {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT' && error.code !== 'EISDIR' && error.code !== 'EPERM') throw error;
  });
}

async function renameIfPresent(from: string, to: string) {
  await rename(from, to).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
