import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Job output, kept durably as one append-only file per job under PANEL_DATA_DIR/jobs (shared storage when there
 * are several nodes). Offsets are byte offsets into that file, so a live stream can be joined to what was already
 * written without gaps or repeats.
 */
export class JobLogStore {
  constructor(private readonly dir: string) {}

  pathFor(jobId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(jobId)) throw new Error(`invalid job id ${jobId}`);
    return join(this.dir, jobId.slice(0, 2), `${jobId}.log`);
  }

  /** Appends a chunk and returns the offset at which it starts. One writer per job (its worker). */
  async append(jobId: string, chunk: string): Promise<number> {
    const path = this.pathFor(jobId);
    const offset = await this.size(jobId);
    if (offset === 0) await mkdir(join(this.dir, jobId.slice(0, 2)), { recursive: true });
    await appendFile(path, chunk, 'utf8');
    return offset;
  }

  /** Forgets a log (its job or task run is gone); one that was never written is no error. */
  async remove(jobId: string): Promise<void> {
    await unlink(this.pathFor(jobId)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async size(jobId: string): Promise<number> {
    try {
      return (await stat(this.pathFor(jobId))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  /** Reads [from, to) as text. */
  async read(jobId: string, from = 0, to?: number): Promise<string> {
    let handle;
    try {
      handle = await open(this.pathFor(jobId), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
    try {
      const end = to ?? (await handle.stat()).size;
      const length = Math.max(0, end - from);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, from);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  }

  /** The whole log as a stream, for downloads; never held in memory. */
  stream(jobId: string): NodeJS.ReadableStream {
    return createReadStream(this.pathFor(jobId));
  }
}
