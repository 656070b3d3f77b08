import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import {
  DirectoryListingView,
  DiskUsageView,
  FileContentView,
  FileEntryType,
  FileEntryView,
  fileNameSchema,
  MAX_EDITOR_BYTES,
  MAX_TREE_ENTRIES,
  MAX_UPLOAD_BYTES,
  SaveFileResult,
  UploadResult,
} from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { HomeDirectory, HomeFs, HomeFsError, PendingFile, splitRelative } from '@panel/home-fs';
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

  home(account: AccountEntity): Promise<HomeFs> {
    return openAccountHome(this.config, account);
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

  async list(account: AccountEntity, path: string): Promise<DirectoryListingView> {
    const home = await this.home(account);
    const relative = await home.locate(path);
    return home.withDirectory(relative, async (dir) => {
      const entries = (await home.list(dir)).map((e) => this.entryView(home, dir.childPath(e.name), e.name, e.stats, e.symlinkTarget));
      entries.sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name));
      return {
        path: home.containerPath(relative),
        parent: relative ? home.containerPath(splitRelative(relative).parent) : null,
        entries,
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
      const stats = (await dir.entryStats(newName))!;
      return this.entryView(home, dir.childPath(newName), newName, stats, null);
    });
  }

  async remove(account: AccountEntity, path: string): Promise<void> {
    const home = await this.home(account);
    const relative = await home.locate(path, false);
    if (!relative) throw new HomeFsError('invalid', 'Your home folder cannot be deleted.');
    const { parent, name } = splitRelative(relative);
    await home.withDirectory(parent, (dir) => home.remove(dir, name));
    this.usage.invalidate(account.id);
  }

  async diskUsage(account: AccountEntity): Promise<DiskUsageView> {
    const home = await this.home(account);
    const usage = await this.usage.usage(account.id, home);
    return { usedBytes: usage.bytes, quotaBytes: this.usage.quotaBytes, computedAt: new Date(usage.at).toISOString() };
  }

  /** Opens a file or a folder to download (the caller closes what it gets). */
  async openForDownload(account: AccountEntity, path: string) {
    const home = await this.home(account);
    const relative = await home.locate(path);
    return { home, relative, entry: await home.openEntry(relative) };
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
      home = await this.home(account);
      const relative = await home.locate(path);
      if (!relative) throw new HomeFsError('is-a-directory', `${home.containerHome} is your home folder, not a file.`);
      const split = splitRelative(relative);
      ({ dir, name } = { dir: await home.openDirectory(split.parent, true), name: split.name });
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
    const reservation = await this.usage.reserve(account.id, home);
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
      return received;
    } catch (error) {
      await Promise.all(parts.filter(Boolean).map((p) => p.pending.discard()));
      throw error;
    } finally {
      reservation.release();
      aborted.dispose();
    }
  }

  /** PythonAnywhere's files/tree: paths under a folder, depth first, folders ending in "/", at most 1000. */
  async tree(account: AccountEntity, path: string): Promise<string[]> {
    const home = await this.home(account);
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

