import { JobName, JobPayload, jobPayloadSchemas, nodeQueueName, QueueName } from '@panel/contracts';
import { JobEntity } from '@panel/database';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { fairPriority, jobsAhead } from './fair-queue';
import type { QueuedJobData } from './queued-job';

export interface EnqueueOptions {
  accountId: number | null;
  /** Jobs on one resource run one at a time (the worker holds a lock per resource key). */
  resourceKey?: string;
  /** Run on this node (its own queue) rather than on any node (the shared queue). */
  nodeId?: string;
  /** Refuse (JobQueueFullError) when the account already has this many jobs queued or running; null: never. */
  maxQueued?: number | null;
}

/** An account asked for a job while it had as many queued or running as it may. */
export class JobQueueFullError extends Error {
  constructor(readonly limit: number) {
    super(`You have ${limit} jobs queued or running, the most an account may have at once (PANEL_MAX_QUEUED_JOBS). Wait for one to finish, or cancel one, and try again.`);
  }
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
    const { accountId, maxQueued } = options;
    if (accountId !== null && typeof maxQueued === 'number') {
      // Counted and recorded under the account's row lock, so two requests at once cannot both take the last place.
      await this.jobs.manager.transaction(async (manager) => {
        await manager.query('SELECT id FROM accounts WHERE id = ? FOR UPDATE', [accountId]);
        const unfinished = await manager.count(JobEntity, { where: { accountId, status: In(['queued', 'running']) } });
        if (unfinished >= maxQueued) throw new JobQueueFullError(maxQueued);
        await manager.save(job);
      });
    } else {
      await this.jobs.save(job);
    }
    const data = { jobId: job.id, name, payload: validPayload } as QueuedJobData;
    await this.queue(queue).add(name, data, {
      jobId: job.id,
      // Accounts take turns (fairPriority); the platform's own jobs (no account) go before them.
      ...(options.accountId !== null ? { priority: await this.fairPriority(queue, options.accountId, job.id) } : {}),
      attempts: 1,
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 24 * 3600, count: 1000 },
    });
    return this.jobs.findOneByOrFail({ id: job.id });
  }

  private async fairPriority(queue: string, accountId: number, except: string): Promise<number> {
    const unfinished = await this.jobs.find({ where: { accountId, queue, status: In(['queued', 'running']) }, select: { id: true } });
    return fairPriority(this.queue(queue), unfinished.map((j) => j.id).filter((id) => id !== except));
  }

  /** Jobs ahead of a queued job in its queue (the dashboard's "3 jobs ahead of yours"); null once it runs. */
  jobsAhead(job: Pick<JobEntity, 'id' | 'queue' | 'status'>): Promise<number | null> {
    return job.status === 'queued' ? jobsAhead(this.queue(job.queue), job.id) : Promise.resolve(null);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
