import type { HomeDirectory, HomeFs, OpenedFile } from '@panel/home-fs';
import type { Response } from 'express';
import { Logger } from '@nestjs/common';
import { streamArchive } from './archive';

const logger = new Logger('Files');

/** attachment; filename="..." with an ASCII fallback and the exact UTF-8 name (RFC 6266). */
export function attachment(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Streams a regular file (opened by HomeFs) and closes it. */
export async function sendFile(res: Response, file: OpenedFile, name: string | null): Promise<void> {
  res.status(200);
  res.setHeader('content-type', 'application/octet-stream');
  res.setHeader('content-length', String(file.stats.size));
  res.setHeader('last-modified', file.stats.mtime.toUTCString());
  res.setHeader('x-content-type-options', 'nosniff');
  if (name !== null) res.setHeader('content-disposition', attachment(name));
  if (file.stats.size === 0) {
    await file.handle.close();
    res.end();
    return;
  }
  const stream = file.handle.createReadStream({ start: 0, end: file.stats.size - 1 });
  await new Promise<void>((resolve) => {
    stream.on('error', (error) => {
      logger.warn(`download of ${name} failed: ${error.message}`);
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

/** Streams a folder as <name>.tar.gz and closes it. */
export async function sendArchive(res: Response, home: HomeFs, dir: HomeDirectory, name: string): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  res.status(200);
  res.setHeader('content-type', 'application/gzip');
  res.setHeader('content-disposition', attachment(`${name}.tar.gz`));
  try {
    await streamArchive(home, dir, name, res, controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) logger.warn(`archive of ${name} failed: ${(error as Error).message}`);
    res.destroy();
  } finally {
    await dir.close();
  }
}
