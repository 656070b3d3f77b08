import type { BigIntStats, Dirent } from 'node:fs';
import type { HomeDirectory } from './home-fs';

/** What a folder entry is, as readdir's d_type tells it (no lstat); 'other' for FIFOs, sockets, devices. */
export type SnapshotEntryType = 'directory' | 'file' | 'symlink' | 'other';

export interface SnapshotEntry {
  name: string;
  type: SnapshotEntryType;
}

/**
 * A folder's names and types, sorted folders first and then by name (locale order, ties in code point order).
 * Immutable: listings slice it and derive from it (see derived()).
 */
export interface FolderSnapshot {
  readonly entries: readonly SnapshotEntry[];
  /** Values computed from this snapshot by callers (a listing's JSON), dropped with it. */
  readonly derived: Map<string, unknown>;
}

const collator = new Intl.Collator('en');

/** The listing order: folders first, then by name. */
export function compareSnapshotEntries(a: SnapshotEntry, b: SnapshotEntry): number {
  const dirs = Number(b.type === 'directory') - Number(a.type === 'directory');
  if (dirs) return dirs;
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Folders with fewer entries are read every time (it is cheap); bigger ones are kept while unchanged. */
const MIN_CACHED_ENTRIES = 256;
const MAX_CACHED_FOLDERS = 64;
/**
 * A folder's mtime must be at least this old for its snapshot to be kept: a change within the same timestamp tick
 * as the read (coarse-grained clocks) would otherwise leave the mtime as it was. Any later change sets the mtime to
 * the time of the change, which then differs. Folders changed more recently are simply read again.
 */
const SETTLED_NS = 2_000_000_000n;

interface Cached {
  dev: bigint;
  ino: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  birthtimeNs: bigint;
  snapshot: FolderSnapshot;
}

/** Per process: folder identity (device, inode) -> its last snapshot, most recently used last. */
const cache = new Map<string, Cached>();

/** How many times a folder's entries were read from disk (for tests: a listing served from a snapshot reads none). */
export const folderReads = { count: 0 };

function typeOf(entry: Dirent): SnapshotEntryType | null {
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice()) return 'other';
  return null; // DT_UNKNOWN: the filesystem did not say
}

function sameFolder(cached: Cached, stats: BigIntStats): boolean {
  return (
    cached.dev === stats.dev &&
    cached.ino === stats.ino &&
    cached.mtimeNs === stats.mtimeNs &&
    cached.ctimeNs === stats.ctimeNs &&
    cached.birthtimeNs === stats.birthtimeNs
  );
}

/**
 * The entries of an open folder (names and types from readdir, through its descriptor: nothing is followed), reused
 * while the folder itself is unchanged: creating, removing or renaming an entry changes the folder's mtime, so a
 * kept snapshot is only served while (device, inode, mtime, ctime, birth time) are what they were when it was read.
 */
export async function folderSnapshot(dir: HomeDirectory): Promise<FolderSnapshot> {
  const before = await dir.statExact();
  const key = `${before.dev}:${before.ino}`;
  const cached = cache.get(key);
  if (cached && sameFolder(cached, before)) {
    cache.delete(key);
    cache.set(key, cached);
    return cached.snapshot;
  }
  folderReads.count++;
  const dirents = await dir.entries();
  const entries: SnapshotEntry[] = [];
  for (const dirent of dirents) {
    let type = typeOf(dirent);
    if (!type) {
      const stats = await dir.entryStats(dirent.name);
      if (!stats) continue; // removed meanwhile
      type = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : stats.isSymbolicLink() ? 'symlink' : 'other';
    }
    entries.push({ name: dirent.name, type });
  }
  entries.sort(compareSnapshotEntries);
  const snapshot: FolderSnapshot = { entries, derived: new Map() };
  if (entries.length >= MIN_CACHED_ENTRIES) {
    const after = await dir.statExact();
    const settled = BigInt(Date.now()) * 1_000_000n - after.mtimeNs > SETTLED_NS;
    if (settled && after.mtimeNs === before.mtimeNs && after.ctimeNs === before.ctimeNs) {
      cache.delete(key);
      cache.set(key, { dev: after.dev, ino: after.ino, mtimeNs: after.mtimeNs, ctimeNs: after.ctimeNs, birthtimeNs: after.birthtimeNs, snapshot });
      while (cache.size > MAX_CACHED_FOLDERS) cache.delete(cache.keys().next().value!);
    }
  }
  return snapshot;
}
