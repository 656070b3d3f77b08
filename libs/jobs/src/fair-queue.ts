import type { Queue } from 'bullmq';

/** BullMQ's own Redis client and the keys of one queue (its prioritized set and its wait list). */
async function queueOrder(queue: Queue) {
  const backend = queue.getBackend();
  const prefix = backend.keys[''];
  return { redis: await backend.client, prioritized: backend.keys.prioritized, wait: backend.keys.wait, jobKey: (id: string) => prefix + id };
}

/** BullMQ's largest job priority (2^21 - 1); 1 is served first, ties in the order they were added. */
const MAX_PRIORITY = 2_097_151;
/** BullMQ orders its prioritized set by priority * 2^32 + an insertion counter. */
const PRIORITY_SCALE = 0x1_0000_0000;

/**
 * Fair queueing across accounts with BullMQ's own priorities (start-time fair queueing): a job's priority is the
 * queue's current round, or one past the account's latest unfinished job (waiting or running) when that is later.
 * The current round is one less than the lowest priority waiting, so an account with nothing waiting is served right
 * after the jobs of the round being served, ahead of another account's backlog: ten builds queued by one account
 * delay another account's first job by at most the one job running. An account's own jobs keep their order (each is
 * one past its previous). `accountUnfinishedIds` are the ids of the account's queued and running jobs in this queue.
 */
export async function fairPriority(queue: Queue, accountUnfinishedIds: string[]): Promise<number> {
  const { redis, prioritized, jobKey } = await queueOrder(queue);
  const [lowest, accountPriorities] = await Promise.all([
    redis.zrange(prioritized, 0, 0, { WITHSCORES: true }),
    // A job's hash keeps its priority while it waits and while it runs.
    Promise.all(accountUnfinishedIds.map((id) => redis.hget(jobKey(id), 'priority'))),
  ]);
  const round = lowest.length ? Math.max(1, Math.floor(Number(lowest[1]) / PRIORITY_SCALE) - 1) : 1;
  const accountLatest = Math.max(0, ...accountPriorities.map((p) => Number(p ?? 0) || 0));
  return Math.min(MAX_PRIORITY, Math.max(round, accountLatest + 1));
}

/**
 * How many jobs a waiting job has ahead of it in its queue: those added without a priority (served first), then
 * those before it in the prioritized set. Null when it is not waiting (running, finished, or not in this queue).
 */
export async function jobsAhead(queue: Queue, jobId: string): Promise<number | null> {
  const { redis, prioritized, wait } = await queueOrder(queue);
  // The wait list may hold BullMQ's markers ("0:<n>"), which are not jobs. New plain jobs go on the left, the worker
  // takes from the right.
  const [plain, score] = await Promise.all([redis.lrange(wait, 0, -1).then((ids) => ids.filter((id) => !id.startsWith('0:'))), redis.zscore(prioritized, jobId)]);
  const index = plain.indexOf(jobId);
  if (index >= 0) return plain.length - 1 - index;
  if (score === null) return null;
  // Then the prioritized set's jobs scored below it (BullMQ's client offers no ZRANK; the set is a few hundred long).
  const scores = (await redis.zrange(prioritized, 0, -1, { WITHSCORES: true })).filter((_, i) => i % 2 === 1);
  return plain.length + scores.filter((value) => Number(value) < Number(score)).length;
}
