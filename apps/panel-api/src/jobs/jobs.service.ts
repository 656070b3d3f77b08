import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FINISHED_JOB_STATUSES, JobName, JobPayload } from '@panel/contracts';
import { JobEntity } from '@panel/database';
import type { PanelConfig } from '@panel/config';
import { EnqueueOptions, JOB_CANCEL_CHANNEL, jobEventsChannel, JobEnqueuer, JobQueueFullError, PublishedJobEvent } from '@panel/jobs';
import Redis from 'ioredis';
import { Repository } from 'typeorm';
import { PANEL_CONFIG, REDIS } from '@panel/nest';
import { JobsException } from './jobs.exceptions';

@Injectable()
export class JobsService {
  constructor(
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    private readonly enqueuer: JobEnqueuer,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /**
   * Queues a job an account asked for: at most PANEL_MAX_QUEUED_JOBS queued or running per account (429 past it),
   * unless the caller passes `maxQueued: null` (a stop that frees what a deleted app held is never refused).
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions): Promise<JobEntity> {
    try {
      return await this.enqueuer.enqueue(name, payload, { ...options, maxQueued: options.maxQueued === undefined ? this.config.jobs.maxQueuedPerAccount : options.maxQueued });
    } catch (error) {
      if (error instanceof JobQueueFullError) throw new JobsException('JOBS_QUEUE_FULL', error.message);
      throw error;
    }
  }

  /** How many jobs its queue serves before this one; null once it runs. */
  jobsAhead(job: JobEntity): Promise<number | null> {
    return this.enqueuer.jobsAhead(job);
  }

  listForAccount(accountId: number, limit: number): Promise<JobEntity[]> {
    return this.jobs.find({ where: { accountId }, order: { createdAt: 'DESC' }, take: limit });
  }

  listForResource(accountId: number, resourceKey: string, limit: number): Promise<JobEntity[]> {
    return this.jobs.find({ where: { accountId, resourceKey }, order: { createdAt: 'DESC' }, take: limit });
  }

  /** Cancels the queued (not yet running) jobs of one name on a resource: a newer request supersedes them. */
  async cancelQueued(resourceKey: string, name: JobName): Promise<void> {
    const queued = await this.jobs.findBy({ resourceKey, name, status: 'queued' });
    for (const job of queued) await this.cancel(job);
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
      const queued = await this.enqueuer.queue(job.queue).getJob(job.id);
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
