import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { TaskDueData } from '@panel/contracts';
import { ScheduledTaskEntity } from '@panel/database';
import { TASK_SCHEDULE_QUEUE, taskSchedulerId, TaskQueues } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { Job, Worker } from 'bullmq';
import { DataSource, Repository } from 'typeorm';

/**
 * Takes the ticks of the tasks' job schedulers (on every node: any worker may record a run) and records each due run,
 * which then goes to the account's home node. At start it makes the schedulers match the tasks in the database.
 */
@Injectable()
export class TaskScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TaskScheduler.name);
  private worker?: Worker;

  constructor(
    @InjectRepository(ScheduledTaskEntity) private readonly tasks: Repository<ScheduledTaskEntity>,
    private readonly queues: TaskQueues,
    private readonly dataSource: DataSource,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async onApplicationBootstrap() {
    await this.syncSchedulers();
    this.worker = new Worker(TASK_SCHEDULE_QUEUE, (job: Job) => this.tick(job), {
      connection: { url: this.config.redisUrl, maxRetriesPerRequest: null },
      concurrency: 10,
    });
    this.worker.on('error', (error) => this.logger.error(`queue ${TASK_SCHEDULE_QUEUE}: ${error.message}`));
  }

  async onApplicationShutdown() {
    await this.worker?.close();
  }

  /**
   * Every enabled task has its scheduler, and no other scheduler is left. The schedulers are listed before the tasks
   * are read, so one that panel-api makes meanwhile is never removed here.
   */
  async syncSchedulers(): Promise<void> {
    const existing = await this.queues.schedulerIds();
    const enabled = await this.tasks.findBy({ enabled: true });
    for (const task of enabled) await this.queues.schedule(task);
    const wanted = new Set(enabled.map((t) => taskSchedulerId(t.id)));
    for (const id of existing) {
      if (!wanted.has(id)) await this.queues.queue(TASK_SCHEDULE_QUEUE).removeJobScheduler(id);
    }
  }

  private async tick(job: Job): Promise<void> {
    const parsed = TaskDueData.safeParse(job.data);
    if (!parsed.success) return;
    const task = await this.tasks.findOneBy({ id: parsed.data.taskId });
    if (!task) {
      await this.queues.unschedule(parsed.data.taskId);
      return;
    }
    if (!task.enabled) return;
    // The scheduler's due time for this tick (prevMillis), not when a worker got to it.
    const dueMillis = (job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp + (job.opts.delay ?? 0);
    await this.queues.startRun(this.dataSource, task, 'schedule', new Date(dueMillis));
  }
}
