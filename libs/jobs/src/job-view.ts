import { jobTitle, type JobView } from '@panel/contracts';
import type { JobEntity } from '@panel/database';

export function toJobView(job: JobEntity): JobView {
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    accountId: job.accountId,
    resourceKey: job.resourceKey,
    nodeId: job.nodeId,
    progress: job.progress,
    error: job.error,
    title: jobTitle(job.name, job.payload),
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
