import { HttpStatus } from '@nestjs/common';
import { defineExceptions } from '../common/panel-exception';

/** Refusals of the job pipeline, whatever feature asked for the job. */
export const JobsException = defineExceptions('JobsException', {
  /** The account has PANEL_MAX_QUEUED_JOBS jobs queued or running; the message names the limit. */
  JOBS_QUEUE_FULL: HttpStatus.TOO_MANY_REQUESTS,
});
export type JobsException = InstanceType<typeof JobsException>;
