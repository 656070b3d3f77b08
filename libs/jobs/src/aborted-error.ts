/** Thrown when a job's AbortSignal fires (cancel, shutdown or the job's time limit). */
export class AbortedError extends Error {
  constructor(reason?: unknown) {
    super(reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted');
    this.name = 'AbortedError';
  }
}
