import { FINISHED_JOB_STATUSES } from '@panel/contracts';
import type { JobEntity } from '@panel/database';
import { JobEventsHub } from './job-events.hub';
import { JobsService } from './jobs.service';

/**
 * Waits for a job to finish, on its durable record: subscribes to its events first, then reads its row, and reads
 * the row again at every status event, so a job that finishes between the two is never missed. Resolves with the
 * finished row, or null when `timeoutMs` passes first (the job keeps running).
 */
export async function waitForJobEnd(hub: JobEventsHub, jobs: JobsService, jobId: string, timeoutMs: number): Promise<JobEntity | null> {
  let wake: () => void = () => undefined;
  let signalled = false;
  const unsubscribe = await hub.subscribe(jobId, (event) => {
    if (event.type !== 'status') return;
    signalled = true;
    wake();
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      signalled = false;
      const job = await jobs.reload(jobId);
      if (!job) return null;
      if (FINISHED_JOB_STATUSES.includes(job.status)) return job;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      if (signalled) continue;
      // A safety net besides the events: the row is read again at least every 5 s.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 5_000));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => undefined;
    }
  } finally {
    unsubscribe();
  }
}
