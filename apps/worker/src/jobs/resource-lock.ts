import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortedError } from '@panel/jobs';

const TTL_MS = 30_000;

/**
 * A Redis lock per resource (an environment, a web app), held while a job on it runs, so that two jobs on one
 * resource never run at once on any node. The lock expires if its worker dies, and is renewed while it lives. Its
 * value is the job's id, so the retry of a job whose worker died takes over the lock that attempt left instead of
 * waiting for it to expire.
 */
export async function withResourceLock<T>(redis: Redis, resourceKey: string, owner: string, signal: AbortSignal, onWait: () => Promise<void>, fn: () => Promise<T>): Promise<T> {
  const key = `panel:lock:${resourceKey}`;
  let announced = false;
  while ((await redis.set(key, owner, 'PX', TTL_MS, 'NX')) !== 'OK' && (await redis.eval(RENEW_SCRIPT, 1, key, owner, TTL_MS)) !== 1) {
    if (signal.aborted) throw new AbortedError(signal.reason);
    if (!announced) {
      announced = true;
      await onWait();
    }
    await sleep(250);
  }
  const renew = setInterval(() => {
    void redis.eval(RENEW_SCRIPT, 1, key, owner, TTL_MS).catch(() => undefined);
  }, TTL_MS / 3);
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await redis.eval(RELEASE_SCRIPT, 1, key, owner).catch(() => undefined);
  }
}

/** Releases a lock that a dead attempt of this job left, when the job is given up instead of run. */
export async function releaseResourceLock(redis: Redis, resourceKey: string, owner: string): Promise<void> {
  await redis.eval(RELEASE_SCRIPT, 1, `panel:lock:${resourceKey}`, owner);
}

const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
