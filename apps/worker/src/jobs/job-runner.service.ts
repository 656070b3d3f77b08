import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName, jobPayloadSchemas, JobProgress, JobStatus, nodeQueueName, QueueName } from '@panel/contracts';
import { JobEntity } from '@panel/database';
import { JOB_CANCEL_CHANNEL, jobEventsChannel, JobLogStore, PublishedJobEvent, QueuedJobData } from '@panel/jobs';
import { JOB_LOG_STORE, PANEL_CONFIG, REDIS, subscriberConnection } from '@panel/nest';
import { Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Repository } from 'typeorm';
import { AbortedError } from '@panel/jobs';
import { HandlerRegistry } from './handler-registry';
import { JobContext, JobFailure } from './job-handler';
import { withResourceLock } from './resource-lock';

type StopReason = 'cancelled' | 'timeout' | 'shutdown';

/**
 * Takes jobs from the shared queue and this node's queue, runs each through its handler with a durable, live log,
 * and keeps the JobEntity's status true. Jobs are cancelled through Redis pub/sub from any panel-api.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly workers: Worker<QueuedJobData>[] = [];
  private readonly running = new Map<string, { controller: AbortController; reason?: StopReason }>();
  private cancelSubscriber?: Redis;

  constructor(
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
    @Inject(JOB_LOG_STORE) private readonly logs: JobLogStore,
    private readonly handlers: HandlerRegistry,
  ) {}

  async onApplicationBootstrap() {
    this.cancelSubscriber = await subscriberConnection(this.redis);
    this.cancelSubscriber.on('message', (_channel: string, jobId: string) => this.stop(jobId, 'cancelled'));
    await this.cancelSubscriber.subscribe(JOB_CANCEL_CHANNEL);
    for (const queue of [QueueName.Shared, nodeQueueName(this.config.nodeId)]) {
      const worker = new Worker<QueuedJobData>(queue, (job) => this.process(job), {
        connection: { url: this.config.redisUrl, maxRetriesPerRequest: null },
        concurrency: this.config.jobs.concurrency,
        maxStalledCount: 1,
      });
      worker.on('error', (error) => this.logger.error(`queue ${queue}: ${error.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`taking jobs from ${QueueName.Shared} and ${nodeQueueName(this.config.nodeId)}`);
  }

  async onApplicationShutdown() {
    for (const jobId of this.running.keys()) this.stop(jobId, 'shutdown');
    await Promise.all(this.workers.map((w) => w.close()));
    await this.cancelSubscriber?.quit().catch(() => undefined);
  }

  private stop(jobId: string, reason: StopReason) {
    const entry = this.running.get(jobId);
    if (!entry || entry.controller.signal.aborted) return;
    entry.reason = reason;
    entry.controller.abort(new Error(reason));
  }

  private async process(bullJob: Job<QueuedJobData>): Promise<void> {
    const { jobId, name } = bullJob.data;
    const record = await this.jobs.findOneBy({ id: jobId });
    if (!record || record.status === 'cancelled' || record.status === 'succeeded' || record.status === 'failed') return;

    const controller = new AbortController();
    const entry: { controller: AbortController; reason?: StopReason } = { controller };
    this.running.set(jobId, entry);
    const timer = setTimeout(() => this.stop(jobId, 'timeout'), this.config.jobs.timeoutSeconds * 1000);
    const context = this.contextFor(jobId, name as JobName, controller.signal);
    try {
      if (record.status === 'running') await context.log('\n[panel] the worker running this job stopped; starting it again\n');
      const parsed = jobPayloadSchemas[name].safeParse(bullJob.data.payload);
      if (!parsed.success) throw new JobFailure(`Invalid payload for ${name}: ${parsed.error.message}`);
      const handler = this.handlers.get(name as JobName);
      const run = async () => {
        await this.setStatus(jobId, 'running', { startedAt: new Date(), nodeId: this.config.nodeId });
        await handler.handle(parsed.data as never, context);
      };
      if (record.resourceKey) {
        await withResourceLock(this.redis, record.resourceKey, controller.signal, () => context.log('[panel] waiting for the previous job on this resource to finish\n'), run);
      } else {
        await run();
      }
      await this.setStatus(jobId, 'succeeded', { finishedAt: new Date(), error: null });
    } catch (error) {
      await this.recordFailure(jobId, error, entry.reason, context);
    } finally {
      clearTimeout(timer);
      this.running.delete(jobId);
    }
  }

  private async recordFailure(jobId: string, error: unknown, reason: StopReason | undefined, context: JobContext) {
    let status: JobStatus = 'failed';
    let message: string;
    if (error instanceof AbortedError || reason) {
      if (reason === 'cancelled') {
        status = 'cancelled';
        message = 'Cancelled.';
      } else if (reason === 'timeout') {
        message = `Stopped: the job ran longer than ${this.config.jobs.timeoutSeconds} s.`;
      } else {
        message = 'Stopped: the worker shut down.';
      }
    } else if (error instanceof JobFailure) {
      message = error.message;
    } else {
      message = error instanceof Error ? error.message : String(error);
      this.logger.error(`job ${jobId} failed: ${error instanceof Error ? error.stack : message}`);
    }
    await context.log(`\n[panel] ${message}\n`).catch(() => undefined);
    await this.setStatus(jobId, status, { finishedAt: new Date(), error: message });
  }

  private contextFor(jobId: string, jobName: JobName, signal: AbortSignal): JobContext {
    return {
      jobId,
      jobName,
      signal,
      log: async (text: string) => {
        if (!text) return;
        const offset = await this.logs.append(jobId, text);
        await this.publish(jobId, { type: 'output', offset, data: text });
      },
      progress: async (progress: JobProgress) => {
        await this.jobs.update({ id: jobId }, { progress });
        await this.publish(jobId, { type: 'status' });
      },
    };
  }

  private async setStatus(jobId: string, status: JobStatus, fields: Partial<JobEntity>) {
    await this.jobs.update({ id: jobId }, { status, ...fields } as never);
    await this.publish(jobId, { type: 'status' });
  }

  private publish(jobId: string, event: PublishedJobEvent) {
    return this.redis.publish(jobEventsChannel(jobId), JSON.stringify(event));
  }
}
