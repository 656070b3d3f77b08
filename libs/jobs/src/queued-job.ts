import type { AnyJobRequest } from '@panel/contracts';

/** What a BullMQ job carries: the id of its durable JobEntity plus the typed name and payload. */
export type QueuedJobData = AnyJobRequest & { jobId: string };

/** Events a worker publishes on jobEventsChannel(jobId). */
export type PublishedJobEvent =
  | { type: 'output'; offset: number; data: string }
  | { type: 'status' };
