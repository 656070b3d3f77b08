import { JobName, JobPayload, jobPayloadSchemas, nodeQueueName, QueueName } from '@panel/contracts';
import { JobEntity } from '@panel/database';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import type { QueuedJobData } from './queued-job';

export interface EnqueueOptions {
  accountId: number | null;
  /** Jobs on one resource run one at a time (the worker holds a lock per resource key). */
  resourceKey?: string;
  /** Run on this node (its own queue) rather than on any node (the shared queue). */
  nodeId?: string;
}

/**
 * Records a job durably, then queues it; shared by panel-api (user actions) and workers (a WSGI file touched,
 * reconciling at start). The payload is checked against the job's shared schema.
 */
export class JobEnqueuer {
  private readonly queues = new Map<string, Queue<QueuedJobData>>();

  constructor(
    private readonly jobs: Repository<JobEntity>,
    private readonly redisUrl: string,
  ) {}

  queue(name: string): Queue<QueuedJobData> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<QueuedJobData>(name, { connection: { url: this.redisUrl, maxRetriesPerRequest: null } });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions): Promise<JobEntity> {
    const validPayload = jobPayloadSchemas[name].parse(payload) as JobPayload<N>;
    const queue = options.nodeId ? nodeQueueName(options.nodeId) : QueueName.Shared;
    const job = this.jobs.create({
      id: randomUUID(),
      name,
      status: 'queued',
      accountId: options.accountId,
      resourceKey: options.resourceKey ?? null,
      queue,
      nodeId: options.nodeId ?? null,
      payload: validPayload as Record<string, unknown>,
      progress: null,
      error: null,
      startedAt: null,
      finishedAt: null,
    });
    await this.jobs.save(job);
    const data = { jobId: job.id, name, payload: validPayload } as QueuedJobData;
    await this.queue(queue).add(name, data, {
      jobId: job.id,
      attempts: 1,
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 24 * 3600, count: 1000 },
    });
    return this.jobs.findOneByOrFail({ id: job.id });
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
