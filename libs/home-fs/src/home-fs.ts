import { randomBytes } from 'node:crypto';
import { type BigIntStats, constants, type Dirent, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readdir, readlink, realpath, rename, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { compareSnapshotEntries, folderSnapshot, type SnapshotEntry } from './folder-snapshots';
import { canonicalHomePath, HomePathError } from './home-paths';
import { accountContainerHome, accountHostHome } from './home-locations';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY, O_NONBLOCK } = constants;

export type HomeFsErrorCode = 'not-found' | 'not-a-directory' | 'is-a-directory' | 'exists' | 'symlink' | 'not-a-file' | 'outside' | 'invalid' | 'denied' | 'no-space';

/** A refused or failed operation in a home, with a message for the account holder. */
export class HomeFsError extends Error {
  constructor(
    readonly code: HomeFsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Temporary files of unfinished writes start with this; they are renamed over the target when complete. */
export const PENDING_FILE_PREFIX = '.panel-partial-';

/**
 * A directory of a home, held open. `at(name)` names an entry of that very directory through /proc/self/fd (what
 * openat(2) does; Node has no openat), so renaming or swapping a parent for a symlink meanwhile cannot redirect an
 * operation anywhere else. Must not be used after close(): the descriptor number could be reused.
 */
export class HomeDirectory {
  constructor(
    private readonly handle: FileHandle,
    /** Canonical path relative to the home ("" for the home). */
    readonly relative: string,
  ) {}

  /** A path that reaches the opened directory itself. */
  get self(): string {
    return `/proc/self/fd/${this.handle.fd}`;
  }

  at(name: string): string {
    if (!name || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
      throw new HomeFsError('invalid', `"${name}" is not a valid file name.`);
    }
    return `${this.self}/${name}`;
  }

  childPath(name: string): string {
    return this.relative ? `${this.relative}/${name}` : name;
  }

  /** Opens a subdirectory without following a symlink; with `create`, makes it first if missing (owned by uid). */
  async openChild(name: string, create?: { uid: number; mode: number }): Promise<HomeDirectory> {
    try {
      return new HomeDirectory(await open(this.at(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW), this.childPath(name));
    } catch (error) {
      // O_DIRECTORY|O_NOFOLLOW on a symlink says ENOTDIR: tell a symlink from a file.
      if (errno(error) === 'ENOTDIR' && (await this.entryStats(name))?.isSymbolicLink()) throw Object.assign(new Error('symlink'), { code: 'ELOOP' });
      if (errno(error) !== 'ENOENT' || !create) throw error;
    }
    let made = false;
    try {
      await mkdir(this.at(name), create.mode);
      made = true;
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
    }
    const handle = await open(this.at(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (made) await handle.chown(create.uid, create.uid);
    return new HomeDirectory(handle, this.childPath(name));
  }

  /** lstat of an entry, or null when there is none. */
  async entryStats(name: string): Promise<Stats | null> {
    try {
      return await lstat(this.at(name));
    } catch (error) {
      if (errno(error) === 'ENOENT') return null;
      throw error;
    }
  }

  names(): Promise<string[]> {
    return readdir(this.self);
  }

  entries(): Promise<Dirent[]> {
    return readdir(this.self, { withFileTypes: true });
  }

  stat(): Promise<Stats> {
    return this.handle.stat();
  }

  /** fstat with nanosecond times (to tell whether the folder changed). */
  statExact(): Promise<BigIntStats> {
    return this.handle.stat({ bigint: true });
  }

  chownTo(uid: number): Promise<void> {
    return this.handle.chown(uid, uid);
  }

  chmod(mode: number): Promise<void> {
    return this.handle.chmod(mode);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** A file being written under a temporary name next to its target; commit() renames it into place. */
export class PendingFile {
  size = 0;
  private done = false;

  private constructor(
    private readonly dir: HomeDirectory,
    private readonly handle: FileHandle,
    readonly tempName: string,
  ) {}

  static async create(dir: HomeDirectory, uid: number): Promise<PendingFile> {
    const tempName = `${PENDING_FILE_PREFIX}${randomBytes(8).toString('hex')}`;
    const handle = await open(dir.at(tempName), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    try {
      await handle.chown(uid, uid);
    } catch (error) {
      await handle.close();
      await unlink(dir.at(tempName)).catch(() => undefined);
      throw error;
    }
    return new PendingFile(dir, handle, tempName);
  }

  async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
    this.size += chunk.length;
  }

  /**
   * Renames the file over `name` (a symlink there is replaced, never followed), keeping the permissions of the file
   * it replaces. Refuses to replace a folder.
   */
  async commit(name: string): Promise<{ replaced: boolean }> {
    try {
      const existing = await this.dir.entryStats(name);
      if (existing?.isDirectory()) throw new HomeFsError('is-a-directory', `${name} is a folder.`);
      await this.handle.chmod(existing?.isFile() ? existing.mode & 0o777 : 0o644);
      await this.handle.close();
      this.done = true;
      await rename(this.dir.at(this.tempName), this.dir.at(name));
      return { replaced: existing !== null };
    } catch (error) {
      await this.discard();
      throw error;
    }
  }

  /** Closes and removes the temporary file: a failed write leaves nothing behind. */
  async discard(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.handle.close().catch(() => undefined);
    }
    await unlink(this.dir.at(this.tempName)).catch(() => undefined);
  }
}

export interface OpenedFile {
  handle: FileHandle;
  stats: Stats;
  relative: string;
}

export interface WalkEntry {
  /** The directory holding the entry (open while the entry is being visited). */
  dir: HomeDirectory;
  name: string;
  /** Relative to the walk's root. */
  path: string;
  stats: Stats;
}

const STAT_BATCH = 256;
const MAX_WALK_DEPTH = 256;

/**
 * File operations in one account's home, safe to run as root on a tree the account controls: every path is
 * resolved to its canonical form inside the home (symlinks inside are followed, outside refused), then opened one
 * component at a time from the home with O_NOFOLLOW, so a symlink swapped in between the check and the use makes
 * the operation fail instead of reaching outside. Final components are opened with O_NOFOLLOW too, and files are
 * created under a temporary name, owned by the account (fchown), then renamed into place.
 */
export class HomeFs {
  private constructor(
    readonly realHome: string,
    readonly username: string,
    readonly uid: number,
    /** Where this tree is mounted in the account's containers: its home, or /var/www, /var/log (see openTree). */
    readonly containerRoot: string = accountContainerHome(username),
  ) {}

  /**
   * One of the account's own trees outside its home, with the same no-follow rules: `hostRoot` (e.g. its
   * PANEL_DATA_DIR/log/<username>) as its containers see it at `containerRoot` (/var/log). Symlinks count from the
   * container's root, so one that leads out of the tree is refused like one out of the home.
   */
  static async openTree(hostRoot: string, containerRoot: string, username: string, uid: number): Promise<HomeFs> {
    try {
      return new HomeFs(await realpath(hostRoot), username, uid, containerRoot);
    } catch (error) {
      if (errno(error) === 'ENOENT') throw new HomeFsError('not-found', `${containerRoot} does not exist.`);
      throw error;
    }
  }

  static async open(homesDir: string, username: string, uid: number): Promise<HomeFs> {
    try {
      return new HomeFs(await realpath(accountHostHome({ homesDir }, username)), username, uid);
    } catch (error) {
      if (errno(error) === 'ENOENT') throw new HomeFsError('not-found', `Your home directory ${accountContainerHome(username)} does not exist yet.`);
      throw error;
    }
  }

  /** The tree's root as the account's containers see it (/home/<username> for the home). */
  get containerHome(): string {
    return this.containerRoot;
  }

  /** /home/<username>/<relative>, as the account sees it in consoles. */
  containerPath(relative: string): string {
    return relative ? `${this.containerHome}/${relative}` : this.containerHome;
  }

  /** The canonical relative path of a user path; with followFinal false a final symlink is kept (not resolved). */
  async locate(userPath: string, followFinal = true): Promise<string> {
    try {
      return await canonicalHomePath(this.realHome, this.username, userPath, followFinal, this.containerRoot);
    } catch (error) {
      throw this.translate(error, userPath);
    }
  }

  /**
   * The host path of a user path with its symlinks resolved inside the home (outside refused), for reads through
   * readAccountFile, lstatNoFollow and the listings: those open every folder without following a symlink, so a link
   * swapped in after this makes them find nothing rather than read elsewhere.
   */
  async hostPath(userPath: string): Promise<string> {
    const relative = await this.locate(userPath);
    return relative ? join(this.realHome, relative) : this.realHome;
  }

  /** Opens a folder by canonical relative path; with `create`, makes missing folders (owned by the account). */
  async openDirectory(relative: string, create = false): Promise<HomeDirectory> {
    let current = new HomeDirectory(await open(this.realHome, O_RDONLY | O_DIRECTORY | O_NOFOLLOW), '');
    try {
      for (const name of relative ? relative.split('/') : []) {
        const next = await current.openChild(name, create ? { uid: this.uid, mode: 0o755 } : undefined);
        await current.close();
        current = next;
      }
      return current;
    } catch (error) {
      await current.close();
      throw this.translate(error, this.containerPath(relative));
    }
  }

  /** Runs fn with a folder open, and closes it after. */
  async withDirectory<T>(relative: string, fn: (dir: HomeDirectory) => Promise<T>, create = false): Promise<T> {
    const dir = await this.openDirectory(relative, create);
    try {
      return await fn(dir);
    } finally {
      await dir.close();
    }
  }

  /**
   * Opens what a canonical path names, without following a final symlink: a regular file (caller closes its handle)
   * or a folder. Anything else (FIFOs, devices, sockets) is refused; O_NONBLOCK keeps a FIFO from blocking the open.
   */
  async openEntry(relative: string): Promise<{ file: OpenedFile } | { directory: HomeDirectory }> {
    if (!relative) return { directory: await this.openDirectory('') };
    const { parent, name } = splitRelative(relative);
    const handle = await this.withDirectory(parent, async (dir) => {
      try {
        return await open(dir.at(name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
      } catch (error) {
        throw this.translate(error, this.containerPath(relative));
      }
    });
    const stats = await handle.stat();
    if (stats.isDirectory()) return { directory: new HomeDirectory(handle, relative) };
    if (!stats.isFile()) {
      await handle.close();
      throw new HomeFsError('not-a-file', `${this.containerPath(relative)} is not a regular file.`);
    }
    return { file: { handle, stats, relative } };
  }

  /** Opens a regular file for reading (the caller closes it). */
  async openFile(relative: string): Promise<OpenedFile> {
    const entry = await this.openEntry(relative);
    if ('directory' in entry) {
      await entry.directory.close();
      throw new HomeFsError('is-a-directory', `${this.containerPath(relative)} is a folder, not a file.`);
    }
    return entry.file;
  }

  /** The entries of a folder with their lstat (symlinks are reported, not followed). */
  async list(dir: HomeDirectory): Promise<{ name: string; stats: Stats; symlinkTarget: string | null }[]> {
    const names = await dir.names();
    const result: { name: string; stats: Stats; symlinkTarget: string | null }[] = [];
    for (let i = 0; i < names.length; i += STAT_BATCH) {
      const batch = await Promise.all(
        names.slice(i, i + STAT_BATCH).map(async (name) => {
          const stats = await dir.entryStats(name);
          if (!stats) return null; // removed meanwhile
          const symlinkTarget = stats.isSymbolicLink() ? await readlink(dir.at(name)).catch(() => null) : null;
          return { name, stats, symlinkTarget };
        }),
      );
      for (const entry of batch) if (entry) result.push(entry);
    }
    return result;
  }

  /**
   * One page of a folder's entries in listing order (folders first, then by name), starting after `after` (an
   * entry of the previous page): names and types come from a snapshot of the folder (folderSnapshot), and only the
   * page's entries are lstat'ed, so the work per page does not grow with the folder. `next` names the page's last
   * entry when more follow.
   */
  async listPage(
    dir: HomeDirectory,
    page: { after: SnapshotEntry | null; limit: number },
  ): Promise<{ entries: { name: string; stats: Stats; symlinkTarget: string | null }[]; total: number; next: SnapshotEntry | null }> {
    const { entries: all } = await folderSnapshot(dir);
    let start = 0;
    if (page.after) {
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareSnapshotEntries(all[mid], page.after) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const slice = all.slice(start, start + page.limit);
    const stated = await Promise.all(
      slice.map(async ({ name }) => {
        const stats = await dir.entryStats(name);
        if (!stats) return null; // removed since the snapshot
        const symlinkTarget = stats.isSymbolicLink() ? await readlink(dir.at(name)).catch(() => null) : null;
        return { name, stats, symlinkTarget };
      }),
    );
    const end = start + slice.length;
    return { entries: stated.filter((e) => e !== null), total: all.length, next: end < all.length && slice.length ? slice[slice.length - 1] : null };
  }

  /** Creates an empty file (refusing to replace anything), owned by the account. */
  async createFile(dir: HomeDirectory, name: string): Promise<void> {
    try {
      const handle = await open(dir.at(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
      try {
        await handle.chown(this.uid, this.uid);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw this.translate(error, this.containerPath(dir.childPath(name)));
    }
  }

  /** Creates a folder (refusing to replace anything), owned by the account. */
  async createDirectory(dir: HomeDirectory, name: string): Promise<void> {
    try {
      await mkdir(dir.at(name), 0o755);
      const child = await dir.openChild(name);
      try {
        await child.chownTo(this.uid);
      } finally {
        await child.close();
      }
    } catch (error) {
      throw this.translate(error, this.containerPath(dir.childPath(name)));
    }
  }

  /** Renames an entry within its folder; refuses to replace an existing one. */
  async rename(dir: HomeDirectory, name: string, newName: string): Promise<void> {
    const target = this.containerPath(dir.childPath(newName));
    if (!(await dir.entryStats(name))) throw new HomeFsError('not-found', `${this.containerPath(dir.childPath(name))} does not exist.`);
    if (await dir.entryStats(newName)) throw new HomeFsError('exists', `${target} already exists.`);
    try {
      await rename(dir.at(name), dir.at(newName));
    } catch (error) {
      throw this.translate(error, target);
    }
  }

  /** Deletes a file, a symlink (not its target) or a folder with everything in it. */
  async remove(dir: HomeDirectory, name: string): Promise<void> {
    const stats = await dir.entryStats(name);
    if (!stats) throw new HomeFsError('not-found', `${this.containerPath(dir.childPath(name))} does not exist.`);
    try {
      await removeEntry(dir, name, stats.isDirectory(), 0);
    } catch (error) {
      throw this.translate(error, this.containerPath(dir.childPath(name)));
    }
  }

  /** Empties a regular file in place (a log that processes keep appending to); never follows a symlink or blocks on a FIFO. */
  async truncate(dir: HomeDirectory, name: string): Promise<void> {
    const where = this.containerPath(dir.childPath(name));
    let handle: FileHandle;
    try {
      handle = await open(dir.at(name), O_WRONLY | O_NOFOLLOW | O_NONBLOCK);
    } catch (error) {
      throw this.translate(error, where);
    }
    try {
      if (!(await handle.stat()).isFile()) throw new HomeFsError('not-a-file', `${where} is not a regular file.`);
      await handle.truncate(0);
    } finally {
      await handle.close();
    }
  }

  /**
   * Removes what a user path names if it is of the expected kind (a final symlink is never followed; a missing
   * entry or one of another kind is left alone). Returns whether something was removed.
   */
  async removeIf(userPath: string, kind: 'file' | 'directory'): Promise<boolean> {
    const relative = await this.locate(userPath, false);
    if (!relative) return false;
    const { parent, name } = splitRelative(relative);
    try {
      return await this.withDirectory(parent, async (dir) => {
        const stats = await dir.entryStats(name);
        if (!stats || (kind === 'file' ? !stats.isFile() : !stats.isDirectory())) return false;
        await this.remove(dir, name);
        return true;
      });
    } catch (error) {
      if (error instanceof HomeFsError && error.code === 'not-found') return false;
      throw error;
    }
  }

  /**
   * Visits everything under a folder, depth first, children after their folder. Folders are descended through
   * descriptors opened with O_NOFOLLOW, so a symlink is reported as a symlink and never entered.
   */
  /** Every entry under `root`, depth first; `descend` (when given) says which folders to go into. */
  async *walk(root: HomeDirectory, prefix = '', depth = 0, descend?: (entry: WalkEntry) => boolean): AsyncGenerator<WalkEntry> {
    if (depth > MAX_WALK_DEPTH) return;
    const names = (await root.names()).sort();
    for (let i = 0; i < names.length; i += STAT_BATCH) {
      const batch = await Promise.all(names.slice(i, i + STAT_BATCH).map(async (name) => ({ name, stats: await root.entryStats(name) })));
      for (const { name, stats } of batch) {
        if (!stats) continue;
        const path = prefix ? `${prefix}/${name}` : name;
        const entry = { dir: root, name, path, stats };
        yield entry;
        if (stats.isDirectory() && (!descend || descend(entry))) {
          let child: HomeDirectory;
          try {
            child = await root.openChild(name);
          } catch {
            continue; // replaced or removed meanwhile
          }
          try {
            yield* this.walk(child, path, depth + 1, descend);
          } finally {
            await child.close();
          }
        }
      }
    }
  }

  /** Bytes the home takes on disk (allocated blocks, as du counts them). */
  async diskUsage(): Promise<number> {
    const root = await this.openDirectory('');
    try {
      let total = (await root.stat()).blocks * 512;
      for await (const entry of this.walk(root)) total += entry.stats.blocks * 512;
      return total;
    } finally {
      await root.close();
    }
  }

  /**
   * Copies a platform folder (root's own, read by path) into the home at a canonical path that is missing or an
   * empty folder, everything owned by the account. The copy is made in a new hidden folder next to the target, each
   * folder with mkdir and each file with O_CREAT|O_EXCL|O_NOFOLLOW through its parent's descriptor (fchown to the
   * account), then renamed into place. So a folder of the path swapped for a symlink meanwhile makes the copy fail
   * (HomeFsError) instead of writing anywhere else, and a failed copy leaves nothing: the hidden folder and the
   * parent folders it made are removed. `extraFiles` are written into the copy before it is renamed.
   */
  async copyIn(sourceDir: string, relative: string, extraFiles: { name: string; content: string | Uint8Array; mode: number }[] = []): Promise<void> {
    const where = this.containerPath(relative);
    if (!relative) throw new HomeFsError('exists', `${where} is your home folder; choose a folder in it.`);
    const { parent, name } = splitRelative(relative);
    const chain: { dir: HomeDirectory; made: string | null }[] = [];
    let staging: string | null = null;
    try {
      chain.push({ dir: new HomeDirectory(await open(this.realHome, O_RDONLY | O_DIRECTORY | O_NOFOLLOW), ''), made: null });
      for (const part of parent ? parent.split('/') : []) {
        const at = chain[chain.length - 1].dir;
        const existed = (await at.entryStats(part)) !== null;
        chain.push({ dir: await at.openChild(part, { uid: this.uid, mode: 0o755 }), made: existed ? null : part });
      }
      const dir = chain[chain.length - 1].dir;
      const existing = await dir.entryStats(name);
      if (existing?.isSymbolicLink()) throw Object.assign(new Error('symlink'), { code: 'ELOOP' });
      if (existing && !existing.isDirectory()) throw new HomeFsError('not-a-directory', `${where} is a file, not a folder.`);
      if (existing) {
        const target = await dir.openChild(name);
        const names = await target.names().finally(() => target.close());
        if (names.length) throw new HomeFsError('exists', `${where} already has files in it.`);
      }
      staging = `${PENDING_FILE_PREFIX}${randomBytes(8).toString('hex')}`;
      await mkdir(dir.at(staging), 0o700);
      const copy = await dir.openChild(staging);
      try {
        await copy.chownTo(this.uid);
        await copyTree(sourceDir, copy, this.uid, 0);
        for (const file of extraFiles) await createOwnedFile(copy, file.name, file.content, this.uid, file.mode);
        await copy.chmod(0o755);
      } finally {
        await copy.close();
      }
      // rename(2) replaces an empty folder and fails on anything else (ENOTEMPTY, ENOTDIR); it never follows a link.
      await rename(dir.at(staging), dir.at(name));
      staging = null;
    } catch (error) {
      const dir = chain[chain.length - 1]?.dir;
      if (dir && staging) await removeEntry(dir, staging, true, 0).catch(() => undefined);
      for (let i = chain.length - 1; i > 0; i--) {
        if (chain[i].made) await rmdir(chain[i - 1].dir.at(chain[i].made!)).catch(() => undefined); // only if still empty
      }
      throw this.translate(error, where);
    } finally {
      for (const { dir } of chain.reverse()) await dir.close().catch(() => undefined);
    }
  }

  /** Turns errno errors into messages for the account holder; other errors pass through. */
  translate(error: unknown, path: string): unknown {
    if (error instanceof HomeFsError) return error;
    if (error instanceof HomePathError) return new HomeFsError('outside', error.message);
    switch (errno(error)) {
      case 'ENOENT':
        return new HomeFsError('not-found', `${path} does not exist.`);
      case 'ENOTDIR':
        return new HomeFsError('not-a-directory', `A part of ${path} is a file, not a folder.`);
      case 'EISDIR':
        return new HomeFsError('is-a-directory', `${path} is a folder.`);
      case 'EEXIST':
      case 'ENOTEMPTY':
        return new HomeFsError('exists', `${path} already exists.`);
      case 'ELOOP':
        return new HomeFsError('symlink', `${path} goes through a symbolic link that leads outside your home, loops, or changed while it was being opened.`);
      case 'ENAMETOOLONG':
        return new HomeFsError('invalid', `${path} is too long.`);
      case 'EINVAL':
        return new HomeFsError('invalid', `${path} cannot be used here (a folder cannot be moved into itself).`);
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
        return new HomeFsError('denied', `${path} cannot be changed (permission denied).`);
      case 'ENOSPC':
      case 'EDQUOT':
        return new HomeFsError('no-space', `There is no space left for ${path}; nothing was written.`);
      default:
        return error;
    }
  }
}

async function removeEntry(dir: HomeDirectory, name: string, isDirectory: boolean, depth: number): Promise<void> {
  if (!isDirectory) {
    try {
      await unlink(dir.at(name));
      return;
    } catch (error) {
      if (errno(error) !== 'EISDIR' && errno(error) !== 'EPERM') throw error;
    }
  }
  if (depth > MAX_WALK_DEPTH) throw new HomeFsError('invalid', 'The folder is nested too deeply to delete from here; use a console.');
  const child = await dir.openChild(name);
  try {
    const entries = await child.entries();
    const files = entries.filter((e) => !e.isDirectory());
    for (let i = 0; i < files.length; i += 64) {
      await Promise.all(files.slice(i, i + 64).map((e) => removeEntry(child, e.name, false, depth + 1)));
    }
    for (const e of entries.filter((e) => e.isDirectory())) await removeEntry(child, e.name, true, depth + 1);
  } finally {
    await child.close();
  }
  await rmdir(dir.at(name));
}

/**
 * Opens a folder by absolute path so that no symlink an account made is followed on the way. Components are opened
 * one at a time through the previous folder's descriptor; a symlink is followed only while the folder that holds it
 * belongs to root and nobody else may write there (only root could have put it there: /var/run, an operator's
 * PANEL_DATA_DIR link), and never below, in the account's tree. Null when a component is missing, not a folder, or
 * a symlink the account could have made. Must be closed.
 */
export async function openFolderNoFollow(path: string): Promise<HomeDirectory | null> {
  if (!path.startsWith('/')) throw new Error(`not an absolute path: ${path}`);
  let current: HomeDirectory;
  try {
    current = new HomeDirectory(await open('/', O_RDONLY | O_DIRECTORY), '');
  } catch {
    return null;
  }
  try {
    for (const name of path.split('/').filter((part) => part && part !== '.')) {
      if (name === '..') throw Object.assign(new Error('..'), { code: 'EINVAL' });
      const stats = await current.stat();
      const trusted = stats.uid === 0 && (stats.mode & 0o022) === 0;
      const next = new HomeDirectory(await open(current.at(name), O_RDONLY | O_DIRECTORY | (trusted ? 0 : O_NOFOLLOW)), current.childPath(name));
      await current.close();
      current = next;
    }
    return current;
  } catch (error) {
    await current.close();
    if (['ENOENT', 'ENOTDIR', 'ELOOP', 'EINVAL', 'EACCES'].includes(errno(error) ?? '')) return null;
    throw error;
  }
}

/** Runs fn with a folder opened by openFolderNoFollow (null when it cannot be), and closes it after. */
export async function withFolderNoFollow<T>(path: string, fn: (dir: HomeDirectory) => Promise<T>): Promise<T | null> {
  const dir = await openFolderNoFollow(path);
  if (!dir) return null;
  try {
    return await fn(dir);
  } finally {
    await dir.close();
  }
}

/** lstat of what an absolute path names, its folders opened by openFolderNoFollow; null when it cannot be reached so. */
export async function lstatNoFollow(path: string): Promise<Stats | null> {
  return (await withFolderNoFollow(dirname(path), (dir) => dir.entryStats(basename(path)))) ?? null;
}

/** Copies root's own folder `source` (read by path) into `dir`, creating every entry through descriptors (copyIn). */
async function copyTree(source: string, dir: HomeDirectory, uid: number, depth: number): Promise<void> {
  if (depth > MAX_WALK_DEPTH) throw new HomeFsError('invalid', `${source} is nested too deeply to copy.`);
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    if (entry.isDirectory()) {
      await mkdir(dir.at(entry.name), 0o700);
      const child = await dir.openChild(entry.name);
      try {
        await child.chownTo(uid);
        await copyTree(from, child, uid, depth + 1);
        await child.chmod(0o755);
      } finally {
        await child.close();
      }
    } else if (entry.isFile()) {
      const file = await open(from, O_RDONLY | O_NOFOLLOW);
      try {
        const stats = await file.stat();
        await createOwnedFile(dir, entry.name, await file.readFile(), uid, stats.mode & 0o755);
      } finally {
        await file.close();
      }
    }
    // Symlinks, FIFOs and the like are not copied: templates are plain files.
  }
}

/** Creates a new file in `dir` (never replacing anything, never through a symlink), owned by the account. */
async function createOwnedFile(dir: HomeDirectory, name: string, content: string | Uint8Array, uid: number, mode: number): Promise<void> {
  const handle = await open(dir.at(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    await handle.chown(uid, uid);
    if (content.length) await handle.writeFile(content);
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

/**
 * Removes `name` (a folder with everything in it, or a file) from root's own folder `parentDir` when what it holds
 * is an account's (a web app's socket folder): every level is opened without following symlinks, so swapping a
 * subfolder for a symlink while it runs cannot make root delete anything elsewhere. A missing entry is no error.
 */
export async function removeTreeNoFollow(parentDir: string, name: string): Promise<void> {
  let parent: HomeDirectory;
  try {
    parent = new HomeDirectory(await open(parentDir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW), '');
  } catch (error) {
    if (errno(error) === 'ENOENT') return;
    throw error;
  }
  try {
    const stats = await parent.entryStats(name);
    if (stats) await removeEntry(parent, name, stats.isDirectory(), 0);
  } finally {
    await parent.close();
  }
}

/** "a/b/c" -> { parent: "a/b", name: "c" }. */
export function splitRelative(relative: string): { parent: string; name: string } {
  const slash = relative.lastIndexOf('/');
  return slash < 0 ? { parent: '', name: relative } : { parent: relative.slice(0, slash), name: relative.slice(slash + 1) };
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
