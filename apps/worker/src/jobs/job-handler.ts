import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayload, JobProgress } from '@panel/contracts';

/** What a handler gets besides its payload. */
export interface JobContext {
  jobId: string;
  /** The job's name; one-off containers are named after it. */
  jobName: JobName;
  /** Fires on cancel, on the job's time limit and on worker shutdown. */
  signal: AbortSignal;
  /**
   * A previous attempt's worker died under this job: what it left (a half-built folder) is this job's own, to adopt
   * or remove before doing the work again. Its containers are removed before the handler runs.
   */
  resumed: boolean;
  /** Appends to the job's durable log and streams it live. */
  log(text: string): Promise<void>;
  progress(progress: JobProgress): Promise<void>;
}

export interface JobHandler<N extends JobName = JobName> {
  handle(payload: JobPayload<N>, context: JobContext): Promise<void>;
  /**
   * The job is given up without running handle() (its worker died under it too often): undo what a dead attempt
   * left and record the failure where the handler keeps it (an environment's status), so nothing stays half made.
   */
  abandon?(payload: JobPayload<N>, context: JobContext): Promise<void>;
}

export const JOB_HANDLER_FOR = 'panel:job-handler-for';

/** Marks a provider as the handler of one job name; the registry finds it at start-up. */
export const HandlesJob = (name: JobName) => SetMetadata(JOB_HANDLER_FOR, name);

/** A handler's failure that is the user's to fix (shown as is, without a stack). */
export class JobFailure extends Error {}
