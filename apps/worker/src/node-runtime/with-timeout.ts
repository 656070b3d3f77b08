import { AbortedError } from '@panel/jobs';

/**
 * Bounds a Docker call by a timeout and a job's AbortSignal: whichever comes first rejects. The underlying call is
 * not interrupted, so callers clean up (kill/remove) the container themselves.
 */
export function withTimeout<T>(what: string, promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError(signal.reason));
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Docker did not answer "${what}" within ${Math.round(ms / 1000)} s`));
    }, ms);
    const onAbort = () => {
      cleanup();
      reject(new AbortedError(signal!.reason));
    };
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error) => {
        cleanup();
        reject(error);
      },
    );
  });
}
