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
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';
import { HandlerRegistry } from './handler-registry';
import { JobContext, JobFailure } from './job-handler';
import { releaseResourceLock, withResourceLock } from './resource-lock';

type StopReason = 'cancelled' | 'timeout' | 'shutdown';

/** How many times a job is started again after its worker died under it; past that it fails (a job that kills its worker). */
const MAX_RESUMES = 1;

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
    @Inject(NODE_RUNTIME) private readonly runtime: NodeRuntime,
  ) {}

  async onApplicationBootstrap() {
    await this.removeOrphanedJobContainers();
    this.cancelSubscriber = await subscriberConnection(this.redis);
    this.cancelSubscriber.on('message', (_channel: string, jobId: string) => this.stop(jobId, 'cancelled'));
    await this.cancelSubscriber.subscribe(JOB_CANCEL_CHANNEL);
    for (const queue of [QueueName.Shared, nodeQueueName(this.config.nodeId)]) {
      const worker = new Worker<QueuedJobData>(queue, (job) => this.process(job), {
        connection: { url: this.config.redisUrl, maxRetriesPerRequest: null },
        concurrency: this.config.jobs.concurrency,
        // A job whose worker died (its lock not renewed for stalledSeconds) goes back to its queue; process() decides
        // whether it starts again, so BullMQ never fails one behind the jobs row's back.
        lockDuration: this.config.jobs.stalledSeconds * 1000,
        stalledInterval: this.config.jobs.stalledSeconds * 1000,
        maxStalledCount: MAX_RESUMES + 5,
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

  /**
   * One worker runs per node, and it has not taken a job yet: every job container on this node is left by a worker
   * process that died, and would carry on alone (an environment build writing into a folder its retry rebuilds).
   */
  private async removeOrphanedJobContainers() {
    for (const container of await this.runtime.list({ kind: 'job' })) {
      this.logger.warn(`removing ${container.name}, left by a worker that stopped during job ${container.owner.jobId ?? '?'}`);
      await this.runtime.remove(container.id);
    }
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
    const resumed = record.status === 'running';
    const context = this.contextFor(jobId, name as JobName, controller.signal, resumed);
    try {
      if (resumed) await this.resume(bullJob, record, context);
      const parsed = jobPayloadSchemas[name].safeParse(bullJob.data.payload);
      if (!parsed.success) throw new JobFailure(`Invalid payload for ${name}: ${parsed.error.message}`);
      const handler = this.handlers.get(name as JobName);
      const run = async () => {
        await this.setStatus(jobId, 'running', { startedAt: new Date(), nodeId: this.config.nodeId });
        await handler.handle(parsed.data as never, context);
      };
      if (record.resourceKey) {
        await withResourceLock(this.redis, record.resourceKey, jobId, controller.signal, () => context.log('[panel] waiting for the previous job on this resource to finish\n'), run);
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

  /**
   * The worker that ran this job died: its container is removed (on this node; another node's worker removes its own
   * at start), then the job runs again, unless its workers died too often, when what it left is undone and it fails.
   */
  private async resume(bullJob: Job<QueuedJobData>, record: JobEntity, context: JobContext) {
    const { jobId, name } = bullJob.data;
    for (const container of await this.runtime.list({ kind: 'job', jobId })) await this.runtime.remove(container.id);
    if (bullJob.stalledCounter > MAX_RESUMES) {
      const parsed = jobPayloadSchemas[name].safeParse(bullJob.data.payload);
      if (parsed.success) await this.handlers.get(name as JobName).abandon?.(parsed.data as never, context);
      if (record.resourceKey) await releaseResourceLock(this.redis, record.resourceKey, jobId);
      throw new JobFailure(`Stopped: the worker running this job stopped ${bullJob.stalledCounter} times (last on node ${record.nodeId ?? '?'}), so it is not started again.`);
    }
    await context.log(`\n[panel] the worker running this job (node ${record.nodeId ?? '?'}) stopped; removing what it left and starting the job again\n`);
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

  private contextFor(jobId: string, jobName: JobName, signal: AbortSignal, resumed: boolean): JobContext {
    return {
      jobId,
      jobName,
      signal,
      resumed,
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
