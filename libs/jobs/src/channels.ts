/** Redis pub/sub channels through which a worker streams a job's output and status to every panel-api. */
export const jobEventsChannel = (jobId: string): string => `panel:job:${jobId}:events`;

/** panel-api publishes a job id here to ask whichever worker runs it to stop. */
export const JOB_CANCEL_CHANNEL = 'panel:jobs:cancel';

/** Heartbeat key of a node; it expires when the node stops beating. */
export const nodeHeartbeatKey = (nodeId: string): string => `panel:node:${nodeId}:heartbeat`;
