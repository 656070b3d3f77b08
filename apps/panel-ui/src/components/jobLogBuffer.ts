/**
 * The text of a job's log as received over its event stream. Chunks carry the byte offset at which they start in
 * the log file; `end` is the byte offset up to which we have shown the log. The stream may repeat output (it sends
 * the log so far when the EventSource reconnects), so chunks already shown are dropped and a chunk that overlaps
 * the end is trimmed to its new part.
 */
export interface LogBuffer {
  text: string;
  /** Bytes of the log shown so far (UTF-8). */
  end: number;
  /** True when a chunk started beyond `end`: some output never arrived and the full log should be fetched. */
  gap: boolean;
}

export interface OutputChunk {
  offset: number;
  data: string;
}

export const EMPTY_LOG: LogBuffer = { text: '', end: 0, gap: false };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const byteLength = (text: string): number => encoder.encode(text).length;

/** Adds one output chunk; returns the same buffer when the chunk holds nothing new. */
export function appendOutput(buffer: LogBuffer, chunk: OutputChunk): LogBuffer {
  if (!chunk.data) return buffer;
  const bytes = encoder.encode(chunk.data);
  const chunkEnd = chunk.offset + bytes.length;
  if (chunkEnd <= buffer.end) return buffer;
  if (chunk.offset >= buffer.end) {
    return { text: buffer.text + chunk.data, end: chunkEnd, gap: buffer.gap || chunk.offset > buffer.end };
  }
  const fresh = decoder.decode(bytes.subarray(buffer.end - chunk.offset));
  return { text: buffer.text + fresh, end: chunkEnd, gap: buffer.gap };
}

/** A buffer holding a whole log fetched at once (GET /api/jobs/:id/log). */
export function fromFullLog(text: string): LogBuffer {
  return { text, end: byteLength(text), gap: false };
}
