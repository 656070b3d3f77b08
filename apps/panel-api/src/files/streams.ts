import type { PendingFile } from '@panel/home-fs';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { formatSize, QuotaReservation } from './disk-usage.service';
import { FilesException } from './files.exceptions';

/** Raised when the client goes away mid-request (a 400, should an answer still reach it). */
export class RequestAbortedError extends FilesException {
  constructor() {
    super('FILES_UPLOAD_INTERRUPTED', 'The upload was interrupted before it finished.');
  }
}

/** Writes are gathered into blocks of this size: fewer, larger writes keep uploads close to disk speed. */
const WRITE_BLOCK = 1024 * 1024;
/** Blocks being written at once, at most: memory per upload stays around (MAX_IN_FLIGHT + 1) * WRITE_BLOCK. */
const MAX_IN_FLIGHT = 3;

/**
 * Streams a body into a pending file: chunk by chunk (never the whole file in memory), counted against the size
 * limit and the quota as they arrive (and hashed, for saves). On failure, or when `signal` aborts, the source is left
 * flowing (drained) so the request can still be answered, and the error is thrown; the caller discards the file.
 */
export function receiveInto(
  source: Readable,
  pending: PendingFile,
  options: { maxBytes: number; reservation: QuotaReservation; label: string; signal: AbortSignal; hash?: boolean },
): Promise<{ size: number; sha256: string | null }> {
  // Only saves need the hash (the editor's version); uploads skip its cost.
  const hash = options.hash ? createHash('sha256') : null;
  let size = 0;
  let buffered: Buffer[] = [];
  let bufferedBytes = 0;
  let writing: Promise<void> = Promise.resolve();
  let failed = false;
  let inFlight = 0;
  let paused = false;

  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.off('data', onData);
      source.off('end', onEnd);
      options.signal.removeEventListener('abort', onAbort);
      source.resume();
      reject(error);
    };
    const flush = () => {
      const block = buffered.length === 1 ? buffered[0] : Buffer.concat(buffered, bufferedBytes);
      buffered = [];
      bufferedBytes = 0;
      writing = writing.then(() => pending.write(block));
      return writing;
    };
    const onData = (chunk: Buffer) => {
      try {
        size += chunk.length;
        if (size > options.maxBytes) {
          throw new FilesException('FILES_UPLOAD_TOO_LARGE', `${options.label} is larger than ${formatSize(options.maxBytes)}, the most one upload can be; nothing was written.`);
        }
        options.reservation.add(chunk.length);
      } catch (error) {
        return fail(error);
      }
      hash?.update(chunk);
      buffered.push(chunk);
      bufferedBytes += chunk.length;
      if (bufferedBytes >= WRITE_BLOCK) {
        // Blocks are written while the next ones are received; past MAX_IN_FLIGHT the source waits (backpressure).
        inFlight++;
        if (inFlight >= MAX_IN_FLIGHT && !paused) {
          paused = true;
          source.pause();
        }
        flush().then(() => {
          inFlight--;
          if (paused && !failed && inFlight < MAX_IN_FLIGHT) {
            paused = false;
            source.resume();
          }
        }, fail);
      }
    };
    const onEnd = () => {
      if (bufferedBytes) flush().catch(fail);
      writing.then(() => {
        if (failed) return;
        options.signal.removeEventListener('abort', onAbort);
        resolve({ size, sha256: hash ? hash.digest('hex') : null });
      }, fail);
    };
    const onAbort = () => fail(new RequestAbortedError());
    if (options.signal.aborted) return onAbort();
    options.signal.addEventListener('abort', onAbort);
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', fail);
  });
}

/** SHA-256 of what a readable yields. */
export async function sha256Of(source: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source) hash.update(chunk);
  return hash.digest('hex');
}
