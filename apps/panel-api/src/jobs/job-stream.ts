import { FINISHED_JOB_STATUSES, JobStreamEvent } from '@panel/contracts';
import { JobLogStore, PublishedJobEvent, toJobView } from '@panel/jobs';
import { Observable } from 'rxjs';
import { JobEventsHub } from './job-events.hub';
import { JobsService } from './jobs.service';

/**
 * The live view of one job: everything logged so far, then each new chunk and status change, ending when the job
 * finishes. It subscribes before reading the log file so that no chunk falls between the two; byte offsets drop the
 * chunks that the file read already covered.
 */
export function streamJob(jobId: string, hub: JobEventsHub, jobs: JobsService, logs: JobLogStore): Observable<JobStreamEvent> {
  return new Observable<JobStreamEvent>((subscriber) => {
    let sentUpTo = 0;
    let ready = false;
    let closed = false;
    const pending: PublishedJobEvent[] = [];
    let unsubscribe: (() => void) | undefined;

    const sendStatus = async () => {
      const job = await jobs.reload(jobId);
      if (!job || closed) return;
      subscriber.next({ type: 'job', job: toJobView(job) });
      if (FINISHED_JOB_STATUSES.includes(job.status)) {
        // Output chunks are published before the final status, so the log is complete here.
        const rest = await logs.read(jobId, sentUpTo);
        if (rest) subscriber.next({ type: 'output', offset: sentUpTo, data: rest });
        closed = true;
        subscriber.complete();
      }
    };

    const handle = async (event: PublishedJobEvent) => {
      if (event.type === 'status') return sendStatus();
      if (event.offset < sentUpTo) return;
      if (event.offset > sentUpTo) {
        const gap = await logs.read(jobId, sentUpTo, event.offset);
        subscriber.next({ type: 'output', offset: sentUpTo, data: gap });
      }
      subscriber.next({ type: 'output', offset: event.offset, data: event.data });
      sentUpTo = event.offset + Buffer.byteLength(event.data);
    };

    let chain = Promise.resolve();
    const enqueue = (event: PublishedJobEvent) => {
      chain = chain.then(() => (closed ? undefined : handle(event))).catch((error) => subscriber.error(error));
    };

    (async () => {
      unsubscribe = await hub.subscribe(jobId, (event) => (ready ? enqueue(event) : pending.push(event)));
      const size = await logs.size(jobId);
      if (size > 0) {
        subscriber.next({ type: 'output', offset: 0, data: await logs.read(jobId, 0, size) });
        sentUpTo = size;
      }
      await sendStatus();
      ready = true;
      for (const event of pending.splice(0)) enqueue(event);
    })().catch((error) => subscriber.error(error));

    return () => {
      closed = true;
      unsubscribe?.();
    };
  });
}
