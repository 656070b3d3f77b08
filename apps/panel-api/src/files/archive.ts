import type { HomeDirectory, HomeFs } from '@panel/home-fs';
import { constants } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-stream';

type Header = Parameters<tar.Pack['entry']>[0];

const READ_BLOCK = 256 * 1024;

/**
 * Streams a folder as a .tar.gz: walked through descriptors (HomeFs.walk), symlinks stored as symlinks (never
 * followed), files read through O_NOFOLLOW opens, FIFOs and devices left out. Memory stays flat: one block at a
 * time, with backpressure from the client.
 */
export async function streamArchive(home: HomeFs, root: HomeDirectory, topName: string, out: Writable, signal: AbortSignal): Promise<void> {
  const pack = quiet(tar.pack());
  const done = pipeline(pack as unknown as Readable, createGzip(), out, { signal });
  done.catch(() => undefined); // awaited below; errors surface there
  try {
    const rootStats = await root.stat();
    await addEntry(pack, { name: topName, type: 'directory', mode: rootStats.mode & 0o7777, mtime: rootStats.mtime });
    for await (const entry of home.walk(root)) {
      if (signal.aborted) break;
      const name = `${topName}/${entry.path}`;
      const { stats } = entry;
      if (stats.isDirectory()) {
        await addEntry(pack, { name, type: 'directory', mode: stats.mode & 0o7777, mtime: stats.mtime });
      } else if (stats.isSymbolicLink()) {
        const linkname = await readlink(entry.dir.at(entry.name)).catch(() => null);
        if (linkname !== null) await addEntry(pack, { name, type: 'symlink', linkname, mode: 0o777, mtime: stats.mtime });
      } else if (stats.isFile()) {
        await addFile(pack, entry.dir, entry.name, name, signal);
      }
    }
    pack.finalize();
  } catch (error) {
    pack.destroy(error as Error);
  }
  await done;
}

function addEntry(pack: tar.Pack, header: Header): Promise<void> {
  return new Promise((resolve, reject) => {
    quiet(pack.entry(header, (error) => (error ? reject(error) : resolve())));
  });
}

/**
 * An entry's errors reach us through its callback and the pipeline; without a listener, the 'error' it also emits
 * when the client goes away mid-archive (the pack is destroyed) would crash the process.
 */
function quiet<T extends { on(event: 'error', listener: () => void): unknown }>(sink: T): T {
  sink.on('error', () => undefined);
  return sink;
}

async function addFile(pack: tar.Pack, dir: HomeDirectory, fileName: string, name: string, signal: AbortSignal): Promise<void> {
  let handle;
  try {
    handle = await open(dir.at(fileName), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return; // removed or swapped for a symlink meanwhile
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return;
    let written: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    const finished = new Promise<void>((resolve, reject) => {
      written = resolve;
      failed = reject;
    });
    finished.catch(() => undefined); // awaited below, unless reading fails first (the error then comes from there)
    const sink = quiet(pack.entry({ name, type: 'file', size: stats.size, mode: stats.mode & 0o7777, mtime: stats.mtime }, (error) => (error ? failed(error) : written())));
    if (stats.size > 0) {
      // Exactly the size announced in the header: a file that shrinks meanwhile is padded with zeros.
      let position = 0;
      while (position < stats.size) {
        const length = Math.min(READ_BLOCK, stats.size - position);
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        const chunk = bytesRead ? buffer.subarray(0, bytesRead) : buffer;
        position += chunk.length;
        if (!sink.write(chunk)) await once(sink as unknown as NodeJS.EventEmitter, 'drain', { signal });
      }
      (sink as unknown as { end(): void }).end();
    }
    await finished;
  } finally {
    await handle.close();
  }
}
