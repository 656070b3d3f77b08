import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import {
  DEFAULT_LISTING_PAGE,
  DirectoryListingView,
  DiskUsageView,
  FileContentView,
  FileEntryType,
  FileEntryView,
  fileNameSchema,
  MAX_EDITOR_BYTES,
  MAX_RECENT_SCAN,
  MAX_TREE_ENTRIES,
  MAX_UPLOAD_BYTES,
  RecentFilesQuery,
  SaveFileResult,
  UploadResult,
} from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { accountContainerHome, accountWebDirs, ensureAccountWebDirs, HomeDirectory, HomeFs, HomeFsError, HomePathError, PendingFile, type SnapshotEntry, splitRelative } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import Busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { DiskUsageService, formatSize } from './disk-usage.service';
import { FilesException } from './files.exceptions';
import { receiveInto, RequestAbortedError, sha256Of } from './streams';
import { openAccountHome } from '../common/account-home';

/** The account's own folders outside its home that the PythonAnywhere files API reaches, as its containers see them. */
export const ACCOUNT_WEB_TREES = { www: '/var/www', log: '/var/log' } as const;

/** A log the platform writes (`<name>.log`): deleting it empties it, as the web app keeps appending to it. */
const LIVE_LOG = /\.log$/;

/** Where a multipart file goes: a folder (kept open) and a name in it; null skips the part. */
type UploadTarget = (field: string, filename: string) => { dir: HomeDirectory; name: string } | null;

/**
 * The Files tab and the PythonAnywhere files API: everything goes through HomeFs, which keeps every operation
 * inside the account's home however its symlinks are arranged or swapped (panel-api runs as root). Its refusals are
 * HomeFsErrors and FilesExceptions, which the exceptions filter answers (4xx with their message and code).
 */
@Injectable()
export class FilesService {
  constructor(
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
    private readonly usage: DiskUsageService,
  ) {}

  /** Per account: its newest files as the last walk found them (see recent()). */
  private readonly recentFiles = new Map<number, { files: FileEntryView[]; at: number }>();
  private readonly recentWalks = new Map<number, { generation: number; promise: Promise<{ files: FileEntryView[]; at: number }> }>();
  /** Per account: how many changes were made through the API (a walk started before one is not kept). */
  private readonly recentGenerations = new Map<number, number>();

  home(account: AccountEntity): Promise<HomeFs> {
    return openAccountHome(this.config, account);
  }

  /** Which of the account's /var trees a path is in (`/var/www`, `/var/log`, or below), or null for anything else. */
  private webTreeOf(path: string): keyof typeof ACCOUNT_WEB_TREES | null {
    for (const key of ['www', 'log'] as const) {
      const root = ACCOUNT_WEB_TREES[key];
      if (path === root || path.startsWith(`${root}/`)) return key;
    }
    return null;
  }

  /**
   * The tree an absolute path of the PythonAnywhere files API is in: /var/www and /var/log are the account's own
   * PANEL_DATA_DIR/www/<username> and log/<username> (what its containers mount there), anything else its home.
   * In the /var trees whatever is not the account's (a `..` or a symlink out, another account's log) is a plain
   * 404 naming only the path asked for. `fn` runs with the tree and whether it is the log folder.
   */
  async inTree<T>(account: AccountEntity, path: string, fn: (tree: HomeFs, isLog: boolean) => Promise<T>, create = false): Promise<T> {
    const key = this.webTreeOf(path);
    if (!key) return fn(await this.home(account), false);
    try {
      const dirs = create ? await ensureAccountWebDirs(this.config, account.username, account.uid!) : accountWebDirs(this.config, account.username);
      return await fn(await HomeFs.openTree(dirs[key], ACCOUNT_WEB_TREES[key], account.username, account.uid!), key === 'log');
    } catch (error) {
      if (error instanceof HomePathError || (error instanceof HomeFsError && ['outside', 'symlink', 'not-found'].includes(error.code))) {
        throw new HomeFsError('not-found', `${path} does not exist.`);
      }
      throw error;
    }
  }

  entryView(home: HomeFs, relative: string, name: string, stats: Stats, symlinkTarget: string | null): FileEntryView {
    return {
      name,
      path: home.containerPath(relative),
      type: entryType(stats),
      size: stats.size,
      modifiedAt: stats.mtime.toISOString(),
      symlinkTarget,
    };
  }

  /** A page of a folder's entries (HomeFs.listPage: only the page's entries are lstat'ed). */
  async list(account: AccountEntity, path: string, page: { limit: number; after: string | null } = { limit: DEFAULT_LISTING_PAGE, after: null }): Promise<DirectoryListingView> {
    const after = page.after === null ? null : decodeCursor(page.after);
    const home = await this.home(account);
    const relative = await home.locate(path);
    return home.withDirectory(relative, async (dir) => {
      const listed = await home.listPage(dir, { after, limit: page.limit });
      return {
        path: home.containerPath(relative),
        parent: relative ? home.containerPath(splitRelative(relative).parent) : null,
        entries: listed.entries.map((e) => this.entryView(home, dir.childPath(e.name), e.name, e.stats, e.symlinkTarget)),
        total: listed.total,
        nextCursor: listed.next ? encodeCursor(listed.next) : null,
      };
    });
  }

  /** A text file for the editor, with its version (SHA-256) for the changed-on-disk check. */
  async readText(account: AccountEntity, path: string): Promise<FileContentView> {
    const home = await this.home(account);
    const relative = await home.locate(path);
    const file = await home.openFile(relative);
    try {
      const where = home.containerPath(relative);
      if (file.stats.size > MAX_EDITOR_BYTES) {
        throw new FilesException('FILES_TOO_LARGE_FOR_EDITOR', `${where} is ${formatSize(file.stats.size)}; the editor opens files up to ${formatSize(MAX_EDITOR_BYTES)}. Download it instead.`);
      }
      const bytes = await readAtMost(file.handle, MAX_EDITOR_BYTES + 1);
      if (bytes.length > MAX_EDITOR_BYTES) throw new FilesException('FILES_TOO_LARGE_FOR_EDITOR', `${where} grew past ${formatSize(MAX_EDITOR_BYTES)} while it was being read. Download it instead.`);
      let content: string;
      try {
        if (bytes.includes(0)) throw new Error('NUL');
        content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new FilesException('FILES_NOT_TEXT', `${where} is not a text file (it is not UTF-8 text), so the editor cannot open it. Download it instead.`);
      }
      return {
        path: where,
        content,
        version: createHash('sha256').update(bytes).digest('hex'),
        size: bytes.length,
        modifiedAt: file.stats.mtime.toISOString(),
      };
    } finally {
      await file.handle.close();
    }
  }

  /**
   * Saves a file from a request body, streamed to a temporary file and renamed into place. With expectedVersion,
   * answers 409 when the file changed on disk since it was opened.
   */
  async save(
    account: AccountEntity,
    path: string,
    body: IncomingMessage,
    options: { expectedVersion?: string },
  ): Promise<SaveFileResult> {
    // A JSON or form body was read as fields by the API's parsers: the bytes are gone, and waiting for them would hang.
    if (body.readableEnded) throw new FilesException('FILES_BODY_NOT_RAW', "Send the file's content as application/octet-stream or text/plain; a JSON or form body is read as fields, not saved as a file.");
    const aborted = abortSignalOf(body);
    try {
      const home = await this.home(account);
      const relative = await home.locate(path);
      if (!relative) throw new HomeFsError('is-a-directory', `${home.containerHome} is your home folder, not a file.`);
      const { parent, name } = splitRelative(relative);
      const where = home.containerPath(relative);
      return await home.withDirectory(parent, async (dir) => {
        const existing = await dir.entryStats(name);
        if (existing?.isDirectory()) throw new HomeFsError('is-a-directory', `${where} is a folder.`);
        if (options.expectedVersion !== undefined) await this.checkVersion(home, relative, existing, options.expectedVersion);
        const reservation = await this.usage.reserve(account.id, home);
        if (existing?.isFile()) reservation.addCredit(existing.blocks * 512);
        const pending = await PendingFile.create(dir, home.uid);
        try {
          const { size, sha256 } = await receiveInto(body, pending, { maxBytes: MAX_UPLOAD_BYTES, reservation, label: where, signal: aborted.signal, hash: true });
          const { replaced } = await pending.commit(name);
          this.changed(account.id);
          const stats = await dir.entryStats(name);
          return { path: where, version: sha256!, size, modifiedAt: (stats?.mtime ?? new Date()).toISOString(), created: !replaced };
        } catch (error) {
          await pending.discard();
          throw error;
        } finally {
          reservation.release();
        }
      });
    } catch (error) {
      await drained(body);
      throw error;
    } finally {
      aborted.dispose();
    }
  }

  private async checkVersion(home: HomeFs, relative: string, existing: Stats | null, expected: string) {
    const where = home.containerPath(relative);
    if (!existing) throw new FilesException('FILES_CHANGED_ON_DISK', `${where} was deleted on disk since you opened it. Overwrite to create it again with your version.`);
    const file = await home.openFile(relative);
    let current: string;
    try {
      current = await sha256Of(file.handle.createReadStream({ autoClose: false }));
    } finally {
      await file.handle.close();
    }
    if (current !== expected) {
      throw new FilesException(
        'FILES_CHANGED_ON_DISK',
        `${where} changed on disk since you opened it (at ${file.stats.mtime.toISOString()}). Reload it to see the change, or overwrite it with your version.`,
      );
    }
  }

  async createEntry(account: AccountEntity, directory: string, name: string, type: 'file' | 'directory'): Promise<FileEntryView> {
    const home = await this.home(account);
    const relative = await home.locate(directory);
    return home.withDirectory(relative, async (dir) => {
      if (type === 'file') await home.createFile(dir, name);
      else await home.createDirectory(dir, name);
      this.usage.invalidate(account.id);
      this.changed(account.id);
      return this.entryView(home, dir.childPath(name), name, (await dir.entryStats(name))!, null);
    });
  }

  async rename(account: AccountEntity, path: string, newName: string): Promise<FileEntryView> {
    const home = await this.home(account);
    const relative = await home.locate(path, false);
    if (!relative) throw new HomeFsError('invalid', 'Your home folder cannot be renamed.');
    const { parent, name } = splitRelative(relative);
    return home.withDirectory(parent, async (dir) => {
      await home.rename(dir, name, newName);
      this.changed(account.id);
      const stats = (await dir.entryStats(newName))!;
      return this.entryView(home, dir.childPath(newName), newName, stats, null);
    });
  }

  /**
   * Deletes a file or a folder. In /var/log a live log (`<domain>.error.log`...) is emptied in place, as the app
   * keeps appending to it; rotated ones (`.1`, `.2.gz`) are removed.
   */
  async remove(account: AccountEntity, path: string): Promise<void> {
    await this.inTree(account, path, async (home, isLog) => {
      const relative = await home.locate(path, false);
      if (!relative) throw new HomeFsError('invalid', `${home.containerHome} cannot be deleted.`);
      const { parent, name } = splitRelative(relative);
      await home.withDirectory(parent, async (dir) => {
        if (isLog && LIVE_LOG.test(name) && (await dir.entryStats(name))?.isFile()) return home.truncate(dir, name);
        return home.remove(dir, name);
      });
    });
    this.usage.invalidate(account.id);
    this.changed(account.id);
  }

  async diskUsage(account: AccountEntity): Promise<DiskUsageView> {
    const home = await this.home(account);
    const usage = await this.usage.usage(account.id, home);
    return { usedBytes: usage.bytes, quotaBytes: this.usage.quotaBytes, computedAt: new Date(usage.at).toISOString() };
  }

  /** Opens a file or a folder to download (the caller closes what it gets). */
  async openForDownload(account: AccountEntity, path: string) {
    return this.inTree(account, path, async (home) => {
      const relative = await home.locate(path);
      return { home, relative, entry: await home.openEntry(relative) };
    });
  }

  /**
   * The dashboard's upload: every file part goes into `directory` under its own name. All or nothing: the files
   * are renamed into place only once every one of them was received within the limits.
   */
  async upload(account: AccountEntity, directory: string, req: IncomingMessage): Promise<UploadResult> {
    let home: HomeFs;
    let target: HomeDirectory;
    try {
      home = await this.home(account);
      target = await home.openDirectory(await home.locate(directory));
    } catch (error) {
      await drained(req);
      throw error;
    }
    try {
      const received = await this.receiveMultipart(account, home, req, (_field, filename) => {
        const parsed = fileNameSchema.safeParse(filename);
        if (!parsed.success) throw new FilesException('FILES_NAME_INVALID', `The file name ${JSON.stringify(filename)} cannot be used: ${parsed.error.issues[0].message}`);
        return { dir: target, name: filename };
      });
      if (!received.length) throw new FilesException('FILES_UPLOAD_EMPTY', 'No file was sent: send the files as multipart/form-data parts.');
      return {
        directory: home.containerPath(target.relative),
        files: received.map((r) => ({ name: r.name, path: home.containerPath(target.childPath(r.name)), size: r.size, replaced: r.replaced })),
      };
    } finally {
      await target.close();
    }
  }

  /**
   * PythonAnywhere's upload: the multipart field "content" becomes the file at `path`; missing folders are created.
   */
  async uploadTo(account: AccountEntity, path: string, req: IncomingMessage): Promise<{ path: string; size: number; created: boolean }> {
    let home: HomeFs;
    let dir: HomeDirectory;
    let name: string;
    try {
      ({ home, dir, name } = await this.inTree(
        account,
        path,
        async (tree, isLog) => {
          if (isLog) throw new FilesException('FILES_LOG_READ_ONLY', `${ACCOUNT_WEB_TREES.log} holds your logs, which only the platform writes; write your files in your home or /var/www.`);
          const relative = await tree.locate(path);
          if (!relative) throw new HomeFsError('is-a-directory', `${tree.containerHome} is a folder, not a file.`);
          const split = splitRelative(relative);
          return { home: tree, dir: await tree.openDirectory(split.parent, true), name: split.name };
        },
        true,
      ));
    } catch (error) {
      await drained(req);
      throw error;
    }
    try {
      const received = await this.receiveMultipart(account, home, req, (field) => (field === 'content' ? { dir, name } : null));
      if (!received.length) throw new FilesException('FILES_UPLOAD_EMPTY', 'Send the file in the multipart/form-data field "content".');
      const last = received[received.length - 1];
      return { path: home.containerPath(dir.childPath(name)), size: last.size, created: !last.replaced };
    } finally {
      await dir.close();
    }
  }

  private async receiveMultipart(account: AccountEntity, home: HomeFs, req: IncomingMessage, targetOf: UploadTarget) {
    let busboy: Busboy.Busboy;
    try {
      busboy = Busboy({ headers: req.headers, defParamCharset: 'utf8', preservePath: true, limits: { files: 1000, fields: 100, parts: 1100 } });
    } catch {
      await drained(req);
      throw new FilesException('FILES_UPLOAD_NOT_MULTIPART', 'Send the files as multipart/form-data.');
    }
    const aborted = abortSignalOf(req);
    // The quota is the home's; a write in /var/www counts against it too.
    const quotaHome = home.containerRoot === accountContainerHome(account.username) ? home : await this.home(account);
    const reservation = await this.usage.reserve(account.id, quotaHome);
    const parts: { dir: HomeDirectory; name: string; pending: PendingFile; size: number; replaced: boolean }[] = [];
    const pendingWork: Promise<void>[] = [];
    let arrived = 0;
    let failure: unknown = null;
    const fail = (error: unknown) => {
      failure ??= error;
    };
    busboy.on('file', (field, stream, info) => {
      if (failure) return stream.resume();
      const index = arrived++;
      const done = (async () => {
        const target = targetOf(field, info.filename ?? '');
        if (!target) return void stream.resume();
        const existing = await target.dir.entryStats(target.name);
        const where = home.containerPath(target.dir.childPath(target.name));
        if (existing?.isDirectory()) throw new FilesException('FILES_FOLDER_IN_THE_WAY', `${where} is a folder; a file cannot replace it.`);
        if (existing?.isFile()) reservation.addCredit(existing.blocks * 512);
        const pending = await PendingFile.create(target.dir, home.uid);
        const part = { ...target, pending, size: 0, replaced: false };
        parts[index] = part; // in the order the parts came, whatever order their files were created in
        part.size = (await receiveInto(stream, pending, { maxBytes: MAX_UPLOAD_BYTES, reservation, label: where, signal: aborted.signal })).size;
      })().catch((error) => {
        stream.resume();
        fail(error);
      });
      pendingWork.push(done);
    });
    try {
      await new Promise<void>((resolve) => {
        busboy.on('close', resolve);
        busboy.on('error', (error) => {
          fail(new FilesException('FILES_UPLOAD_NOT_MULTIPART', `The upload is not valid multipart/form-data (${(error as Error).message}).`));
          req.unpipe(busboy);
          req.resume();
          if (req.complete) resolve();
          else req.once('end', resolve);
        });
        aborted.signal.addEventListener('abort', () => {
          fail(new RequestAbortedError());
          resolve();
        });
        req.pipe(busboy);
      });
      await Promise.all(pendingWork);
      if (failure) throw failure;
      const received = parts.filter(Boolean); // parts without a target (other fields) leave holes
      // Every part arrived within the limits: now (and only now) the files take their names.
      for (const part of received) part.replaced = (await part.pending.commit(part.name)).replaced;
      if (received.length) this.changed(account.id);
      return received;
    } catch (error) {
      await Promise.all(parts.filter(Boolean).map((p) => p.pending.discard()));
      throw error;
    } finally {
      reservation.release();
      aborted.dispose();
    }
  }

  /**
   * The home's files modified last, newest first: what the dashboard lists as recent files. Hidden folders
   * (.virtualenvs, .cache, .local ...), __pycache__ and node_modules are not entered, and at most MAX_RECENT_SCAN
   * entries are looked at. The walk is not made per request: its newest MAX_RECENT_LIMIT files are kept per account,
   * served as they are for RECENT_FRESH_MS, then served while a walk in the background renews them (one at a time per
   * account, however many requests come); past RECENT_STALE_MS, or after a change made through the API, the request
   * waits for a new walk.
   */
  async recent(account: AccountEntity, limit: number): Promise<FileEntryView[]> {
    let kept = this.recentFiles.get(account.id);
    const age = kept ? Date.now() - kept.at : Infinity;
    if (!kept || age > RECENT_STALE_MS) kept = await this.walkRecent(account);
    else if (age > RECENT_FRESH_MS) void this.walkRecent(account).catch(() => undefined);
    return kept.files.slice(0, limit);
  }

  /** A change made through the API: the next recent-files request walks again rather than serve what was kept. */
  private changed(accountId: number) {
    this.recentFiles.delete(accountId);
    this.recentGenerations.set(accountId, (this.recentGenerations.get(accountId) ?? 0) + 1);
  }

  /** Walks the home for its newest files and keeps them, unless a change came meanwhile (then a later walk will). */
  private walkRecent(account: AccountEntity): Promise<{ files: FileEntryView[]; at: number }> {
    const generation = this.recentGenerations.get(account.id) ?? 0;
    const running = this.recentWalks.get(account.id);
    if (running?.generation === generation) return running.promise;
    const started = Date.now();
    const promise = (async () => {
      const home = await this.home(account);
      const files = await home.withDirectory('', async (root) => {
        const newest: { path: string; name: string; stats: Stats }[] = [];
        let seen = 0;
        for await (const entry of home.walk(root, '', 0, (dir) => !dir.name.startsWith('.') && !SKIPPED_FOLDERS.has(dir.name))) {
          if (++seen > MAX_RECENT_SCAN) break;
          if (!entry.stats.isFile() || entry.name.startsWith('.')) continue;
          newest.push({ path: entry.path, name: entry.name, stats: entry.stats });
          if (newest.length > MAX_RECENT_LIMIT * 4) trimNewest(newest, MAX_RECENT_LIMIT);
        }
        trimNewest(newest, MAX_RECENT_LIMIT);
        return newest.map((f) => this.entryView(home, f.path, f.name, f.stats, null));
      });
      const kept = { files, at: started };
      if ((this.recentGenerations.get(account.id) ?? 0) === generation) this.recentFiles.set(account.id, kept);
      return kept;
    })().finally(() => {
      if (this.recentWalks.get(account.id)?.promise === promise) this.recentWalks.delete(account.id);
    });
    this.recentWalks.set(account.id, { generation, promise });
    return promise;
  }

  /** PythonAnywhere's files/tree: paths under a folder, depth first, folders ending in "/", at most 1000. */
  async tree(account: AccountEntity, path: string): Promise<string[]> {
    return this.inTree(account, path, (home) => this.treeIn(home, path));
  }

  private async treeIn(home: HomeFs, path: string): Promise<string[]> {
    const relative = await home.locate(path);
    return home.withDirectory(relative, async (dir) => {
      const result: string[] = [];
      for await (const entry of home.walk(dir)) {
        if (result.length >= MAX_TREE_ENTRIES) break;
        const full = home.containerPath(dir.childPath(entry.path));
        result.push(entry.stats.isDirectory() ? `${full}/` : full);
      }
      return result;
    });
  }
}

/** The recent files kept per account: as many as a request may ask for. */
const MAX_RECENT_LIMIT = RecentFilesQuery.shape.limit.unwrap().maxValue ?? 50;
/** Kept recent files are served as they are this long, then renewed in the background until RECENT_STALE_MS. */
const RECENT_FRESH_MS = 5_000;
const RECENT_STALE_MS = 60_000;

/** Folders of tools' output that no one edits by hand. */
const SKIPPED_FOLDERS = new Set(['__pycache__', 'node_modules', 'site-packages']);

/** A listing cursor: the last entry of a page (its kind and name), opaque to clients. */
function encodeCursor(entry: SnapshotEntry): string {
  return Buffer.from(JSON.stringify([entry.type === 'directory' ? 'd' : 'f', entry.name])).toString('base64url');
}

function decodeCursor(cursor: string): SnapshotEntry {
  try {
    const [kind, name] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if ((kind === 'd' || kind === 'f') && typeof name === 'string' && name) return { type: kind === 'd' ? 'directory' : 'file', name };
  } catch {
    // answered below
  }
  throw new FilesException('FILES_CURSOR_INVALID', 'after is not a cursor this API gave: pass the nextCursor of a previous page, or leave it out for the first page.');
}

function trimNewest(files: { stats: Stats }[], limit: number) {
  files.sort((a, b) => b.stats.mtimeMs - a.stats.mtimeMs);
  files.length = Math.min(files.length, limit);
}

function entryType(stats: Stats): FileEntryType {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFile()) return 'file';
  if (stats.isSymbolicLink()) return 'symlink';
  return 'other';
}

async function readAtMost(handle: FileHandle, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buffer = Buffer.alloc(Math.min(1024 * 1024, max - total));
    if (!buffer.length) break;
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, total);
    if (!bytesRead) break;
    chunks.push(buffer.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

/** An AbortSignal that fires when the client goes away before its request body arrived completely. */
function abortSignalOf(req: IncomingMessage): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onClose = () => {
    if (!req.complete) controller.abort();
  };
  req.on('close', onClose);
  return { signal: controller.signal, dispose: () => req.off('close', onClose) };
}

/** Reads and discards what is left of a request body, so an error can be answered cleanly. */
export function drained(req: Readable & { complete?: boolean }): Promise<void> {
  if (req.readableEnded || req.destroyed || (req as IncomingMessage).complete) return Promise.resolve();
  return new Promise((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
    req.resume();
  });
}

