import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FINISHED_JOB_STATUSES, JobName, JobPayload, jobPayloadSchemas, nodeQueueName, QueueName } from '@panel/contracts';
import { JobEntity } from '@panel/database';
import { JOB_CANCEL_CHANNEL, jobEventsChannel, PublishedJobEvent, QueuedJobData } from '@panel/jobs';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { REDIS } from '@panel/nest';
import { JobQueues } from './job-queues';

export interface EnqueueOptions {
  accountId: number | null;
  /** Jobs on one resource run one at a time (the worker holds a lock per resource key). */
  resourceKey?: string;
  /** Run on this node (its own queue) rather than on any node (the shared queue). */
  nodeId?: string;
}

@Injectable()
export class JobsService {
  constructor(
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    private readonly queues: JobQueues,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Records the job durably, then queues it. The payload is checked against the job's shared schema. */
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
    await this.queues.get(queue).add(name, data, {
      jobId: job.id,
      attempts: 1,
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 24 * 3600, count: 1000 },
    });
    return this.jobs.findOneByOrFail({ id: job.id });
  }

  listForAccount(accountId: number, limit: number): Promise<JobEntity[]> {
    return this.jobs.find({ where: { accountId }, order: { createdAt: 'DESC' }, take: limit });
  }

  listForResource(accountId: number, resourceKey: string, limit: number): Promise<JobEntity[]> {
    return this.jobs.find({ where: { accountId, resourceKey }, order: { createdAt: 'DESC' }, take: limit });
  }

  async hasActiveJob(resourceKey: string): Promise<boolean> {
    return this.jobs.exist({ where: [{ resourceKey, status: 'queued' }, { resourceKey, status: 'running' }] });
  }

  /** A job of the account, or 404: another account's job is indistinguishable from a missing one. */
  async getForAccount(accountId: number, id: string): Promise<JobEntity> {
    const job = /^[0-9a-f-]{36}$/.test(id) ? await this.jobs.findOneBy({ id, accountId }) : null;
    if (!job) throw new NotFoundException(`No job with id ${id}.`);
    return job;
  }

  /**
   * Cancels a job: a queued one is taken off its queue and marked cancelled here; a running one is stopped by
   * its worker, which marks it cancelled when its container is gone.
   */
  async cancel(job: JobEntity): Promise<JobEntity> {
    if (FINISHED_JOB_STATUSES.includes(job.status)) return job;
    if (job.status === 'queued') {
      const queued = await this.queues.get(job.queue).getJob(job.id);
      const removed = queued ? await queued.remove().then(() => true, () => false) : true;
      if (removed) {
        const result = await this.jobs.update(
          { id: job.id, status: 'queued' },
          { status: 'cancelled', finishedAt: new Date(), error: 'Cancelled before it started.' },
        );
        if (result.affected) {
          await this.redis.publish(jobEventsChannel(job.id), JSON.stringify({ type: 'status' } satisfies PublishedJobEvent));
          return this.jobs.findOneByOrFail({ id: job.id });
        }
      }
    }
    await this.redis.publish(JOB_CANCEL_CHANNEL, job.id);
    return this.jobs.findOneByOrFail({ id: job.id });
  }

  reload(id: string): Promise<JobEntity | null> {
    return this.jobs.findOneBy({ id });
  }
}
