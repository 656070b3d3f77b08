import { taskCronPattern } from '@panel/contracts';
import { AccountEntity, ScheduledTaskEntity, TaskRunEntity } from '@panel/database';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource, In } from 'typeorm';
import { JobLogStore } from './job-log-store';

/*
 * Scheduled tasks on BullMQ. One shared queue holds a job scheduler per enabled task (`task-<id>`, its cron pattern
 * in UTC): BullMQ keeps exactly one next job per scheduler, with an id made of the scheduler and the due time, so a
 * tick survives worker restarts and is never made twice. Any worker takes a tick and records the run (unique per task
 * and due time); the run itself goes to the task runs queue of the account's home node, whose worker starts the
 * container. The rows in MariaDB are the truth: schedulers are made again from them when a worker starts.
 */
export const TASK_SCHEDULE_QUEUE = 'panel-task-schedule';
export const taskRunQueueName = (nodeId: string): string => `panel-task-runs-${nodeId}`;
export const taskSchedulerId = (taskId: number): string => `task-${taskId}`;
/** panel-api publishes a run id here to stop it (its task was deleted). */
export const TASK_RUN_CANCEL_CHANNEL = 'panel:task-runs:cancel';

/** The job names on those queues. */
export const TASK_DUE_JOB = 'task.due';
export const TASK_RUN_JOB = 'task.run';

export type StartedRun = { run: TaskRunEntity; busy: null } | { run: null; busy: TaskRunEntity };

export class TaskQueues {
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly redisUrl: string) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: { url: this.redisUrl, maxRetriesPerRequest: null } });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Makes the task's scheduler match its row: upserted while enabled, removed otherwise. A scheduler that matches
   * already is left alone: upserting it again would replace its pending tick, and a tick that is overdue (no worker
   * took it while they restarted) would be lost.
   */
  async schedule(task: ScheduledTaskEntity): Promise<void> {
    if (!task.enabled) return this.unschedule(task.id);
    const pattern = taskCronPattern(task);
    const existing = await this.queue(TASK_SCHEDULE_QUEUE).getJobScheduler(taskSchedulerId(task.id));
    if (existing && existing.pattern === pattern && existing.tz === 'UTC' && existing.next) return;
    await this.queue(TASK_SCHEDULE_QUEUE).upsertJobScheduler(
      taskSchedulerId(task.id),
      { pattern, tz: 'UTC' },
      { name: TASK_DUE_JOB, data: { taskId: task.id }, opts: { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 24 * 3600, count: 1000 } } },
    );
  }

  async unschedule(taskId: number): Promise<void> {
    await this.queue(TASK_SCHEDULE_QUEUE).removeJobScheduler(taskSchedulerId(taskId));
  }

  /** When the scheduler runs the task next; null when it has no scheduler. */
  async nextRunAt(taskId: number): Promise<Date | null> {
    const scheduler = await this.queue(TASK_SCHEDULE_QUEUE).getJobScheduler(taskSchedulerId(taskId));
    return scheduler?.next ? new Date(scheduler.next) : null;
  }

  /** The ids of every scheduler there is (to remove those whose task is gone or disabled). */
  async schedulerIds(): Promise<string[]> {
    const found = await this.queue(TASK_SCHEDULE_QUEUE).getJobSchedulers(0, -1);
    return found.map((s) => s.key);
  }

  /**
   * Records a run of the task and queues it on the account's home node, unless a run of it is still queued or going:
   * then "Run now" gets that run back (busy), and a due time records a skipped run that says why. Under the task's
   * row lock, so two starts at once never both run. A due time already recorded (a tick delivered again) gives null.
   */
  async startRun(dataSource: DataSource, task: ScheduledTaskEntity, trigger: 'schedule' | 'manual', dueAt: Date | null): Promise<StartedRun | null> {
    let started: StartedRun | null;
    try {
      started = await dataSource.transaction(async (manager) => {
        await manager.query('SELECT id FROM scheduled_tasks WHERE id = ? FOR UPDATE', [task.id]);
        const busy = await manager.findOne(TaskRunEntity, { where: { taskId: task.id, status: In(['queued', 'running']) }, order: { createdAt: 'ASC' } });
        const account = await manager.findOne(AccountEntity, { where: { id: task.accountId }, select: { id: true, homeNodeId: true } });
        const base = { id: randomUUID(), taskId: task.id, accountId: task.accountId, trigger, dueAt, nodeId: account?.homeNodeId ?? null, startedAt: null, finishedAt: null, exitCode: null };
        if (busy) {
          if (trigger === 'manual') return { run: null, busy };
          const since = busy.startedAt ? `started at ${busy.startedAt.toISOString()}` : `queued at ${busy.createdAt.toISOString()}`;
          await manager.insert(TaskRunEntity, { ...base, status: 'skipped', finishedAt: new Date(), message: `Skipped: the previous run (${since}) was still going.` });
          return null;
        }
        if (!base.nodeId) {
          await manager.insert(TaskRunEntity, { ...base, status: 'failed', finishedAt: new Date(), message: 'The account has no node yet: open a console or a web app once, then the task runs there.' });
          return null;
        }
        await manager.insert(TaskRunEntity, { ...base, status: 'queued', message: null });
        return { run: await manager.findOneByOrFail(TaskRunEntity, { id: base.id }), busy: null };
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_DUP_ENTRY') return null; // this due time is recorded already
      throw error;
    }
    if (started?.run) await this.enqueueRun(started.run);
    return started;
  }

  /** Queues a recorded run on its node (the run's id is the job's, so queueing it again is harmless). */
  async enqueueRun(run: TaskRunEntity): Promise<void> {
    await this.queue(taskRunQueueName(run.nodeId!)).add(TASK_RUN_JOB, { runId: run.id }, { jobId: run.id, attempts: 1, removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 24 * 3600, count: 1000 } });
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

/** Each run's output, one file per run under PANEL_DATA_DIR/task-runs (shared by the nodes like job logs). */
export const taskRunLogStore = (dataDir: string): JobLogStore => new JobLogStore(join(dataDir, 'task-runs'));
