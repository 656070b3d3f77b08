import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import {
  printableTaskTime,
  ScheduledTaskFields,
  ScheduledTaskView,
  taskLogPath,
  TaskRunOutputView,
  TaskRunView,
  UpdateScheduledTaskRequest,
} from '@panel/contracts';
import { AccountEntity, ScheduledTaskEntity, TaskRunEntity } from '@panel/database';
import { accountContainerHome, HomeFsError } from '@panel/home-fs';
import { TASK_RUN_CANCEL_CHANNEL, taskRunLogStore, TaskQueues } from '@panel/jobs';
import { PANEL_CONFIG, REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { DataSource, Repository } from 'typeorm';
import { z } from 'zod';
import { openAccountHome } from '../common/account-home';
import { RequestException } from '../common/panel-exception';
import { formatZodError } from '../common/zod';
import { ConsolesService } from '../consoles/consoles.service';
import { HomeNodes } from '../nodes/home-nodes.service';
import { TasksException } from './tasks.exceptions';

/** Runs listed per task (the newest first). */
const RUNS_SHOWN = 20;
/** At most this much output per read; the client reads on from the offset it gets back. */
const OUTPUT_READ_MAX = 256 * 1024;

/** The Tasks tab's and PythonAnywhere's schedule API's scheduled tasks: rows here, schedulers in BullMQ, runs on the home node. */
@Injectable()
export class TasksService {
  private readonly logger = new Logger(TasksService.name);
  private readonly runLogs;

  constructor(
    @InjectRepository(ScheduledTaskEntity) private readonly tasks: Repository<ScheduledTaskEntity>,
    @InjectRepository(TaskRunEntity) private readonly runs: Repository<TaskRunEntity>,
    private readonly dataSource: DataSource,
    private readonly queues: TaskQueues,
    private readonly homeNodes: HomeNodes,
    private readonly consoles: ConsolesService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {
    this.runLogs = taskRunLogStore(config.dataDir);
  }

  /** The account's task, or a 404 (another account's task looks exactly like a missing one). */
  async find(account: AccountEntity, id: number | string): Promise<ScheduledTaskEntity> {
    const numeric = typeof id === 'number' ? id : /^\d{1,10}$/.test(id) ? Number(id) : NaN;
    const found = Number.isSafeInteger(numeric) ? await this.tasks.findOneBy({ id: numeric, accountId: account.id }) : null;
    if (!found) throw new TasksException('TASK_NOT_FOUND', `No scheduled task with id ${id}.`);
    return found;
  }

  async list(account: AccountEntity): Promise<ScheduledTaskView[]> {
    const rows = await this.tasks.find({ where: { accountId: account.id }, order: { id: 'ASC' } });
    return Promise.all(rows.map((row) => this.toView(row)));
  }

  async get(account: AccountEntity, id: number | string): Promise<ScheduledTaskView> {
    return this.toView(await this.find(account, id));
  }

  async create(account: AccountEntity, fields: ScheduledTaskFields): Promise<ScheduledTaskView> {
    const values = await this.checked(account, fields);
    // Before the account's row lock below: choosing a home node writes that row.
    await this.homeNodes.forAccount(account);
    const row = await this.dataSource.transaction(async (manager) => {
      // The account's row lock makes "count, then insert" safe against two creations at once.
      await manager.query('SELECT id FROM accounts WHERE id = ? FOR UPDATE', [account.id]);
      const count = await manager.countBy(ScheduledTaskEntity, { accountId: account.id });
      const max = this.config.tasks.maxScheduled;
      if (count >= max) {
        throw new TasksException('TASK_LIMIT_REACHED', `You already have ${count} scheduled tasks, the most an account may have (${max}). Delete one to add another.`);
      }
      return manager.save(manager.create(ScheduledTaskEntity, { accountId: account.id, ...values }));
    });
    try {
      await this.queues.schedule(row);
    } catch (error) {
      await this.tasks.delete({ id: row.id });
      throw error;
    }
    await this.consoles.prepareApiToken(account).catch((error: Error) => this.logger.warn(`$API_TOKEN for ${account.username}: ${error.message}`));
    return this.toView(row);
  }

  /** Any of the fields; the task they make must be whole (a daily task has an hour, …). */
  async update(account: AccountEntity, id: string | number, changes: z.output<typeof UpdateScheduledTaskRequest>): Promise<ScheduledTaskView> {
    const row = await this.find(account, id);
    const merged = ScheduledTaskFields.safeParse({
      command: row.command,
      description: row.description,
      enabled: row.enabled,
      interval: row.interval,
      hour: row.hour,
      minute: row.minute,
      cron: row.cron,
      workingDirectory: row.workingDirectory,
      virtualenv: row.virtualenv,
      timeLimitSeconds: row.timeLimitSeconds,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    });
    if (!merged.success) throw new RequestException('VALIDATION_FAILED', formatZodError(merged.error));
    const values = await this.checked(account, merged.data);
    await this.tasks.update({ id: row.id }, values);
    const updated = await this.tasks.findOneByOrFail({ id: row.id });
    await this.queues.schedule(updated);
    return this.toView(updated);
  }

  /** Forgets the task, its schedule and its runs (a run going now is stopped); its /var/log file stays the account's. */
  async delete(account: AccountEntity, id: string | number): Promise<void> {
    const row = await this.find(account, id);
    await this.queues.unschedule(row.id);
    const runs = await this.runs.find({ where: { taskId: row.id }, select: { id: true, status: true } });
    await this.tasks.delete({ id: row.id });
    for (const run of runs) {
      if (run.status === 'running') await this.redis.publish(TASK_RUN_CANCEL_CHANNEL, run.id);
      await this.runLogs.remove(run.id).catch(() => undefined);
    }
  }

  /** "Run now": a run at once on the account's node, unless one is still queued or going. */
  async runNow(account: AccountEntity, id: string | number): Promise<TaskRunView> {
    const row = await this.find(account, id);
    await this.homeNodes.forAccount(account);
    const started = await this.queues.startRun(this.dataSource, row, 'manual', null);
    if (!started) throw new TasksException('TASK_NOT_STARTED', 'The run could not be queued: your account has no node yet. Try again in a minute.');
    if (started.busy) {
      throw new TasksException('TASK_ALREADY_RUNNING', `The task is already ${started.busy.status === 'running' ? 'running' : 'queued'} (run ${started.busy.id}); it is not started twice. Wait for it to finish.`);
    }
    return toRunView(started.run);
  }

  async listRuns(account: AccountEntity, id: string | number): Promise<TaskRunView[]> {
    const row = await this.find(account, id);
    const runs = await this.runs.find({ where: { taskId: row.id }, order: { createdAt: 'DESC' }, take: RUNS_SHOWN });
    return runs.map(toRunView);
  }

  /** A run's output from a byte offset, for following it live (the client asks again with the offset it got). */
  async runOutput(account: AccountEntity, id: string | number, runId: string, offset: number): Promise<TaskRunOutputView> {
    const row = await this.find(account, id);
    const run = /^[0-9a-f-]{36}$/.test(runId) ? await this.runs.findOneBy({ id: runId, taskId: row.id }) : null;
    if (!run) throw new TasksException('TASK_RUN_NOT_FOUND', `No run ${runId} of this task.`);
    const size = await this.runLogs.size(run.id);
    const from = Math.min(offset, size);
    const to = Math.min(size, from + OUTPUT_READ_MAX);
    let output = await this.runLogs.read(run.id, from, to);
    // A read that ends inside a UTF-8 character leaves it for the next read.
    let end = to;
    while (output.endsWith('\uFFFD') && end > from && end < size) {
      end -= 1;
      output = await this.runLogs.read(run.id, from, end);
    }
    return { run: toRunView(run), output, offset: end };
  }

  /** The row's values from valid fields: the working directory is a folder in the home, the time limit within the platform's. */
  private async checked(account: AccountEntity, fields: ScheduledTaskFields) {
    const maxSeconds = this.config.tasks.timeoutSeconds;
    if (fields.timeLimitSeconds && fields.timeLimitSeconds > maxSeconds) {
      throw new TasksException('TASK_TIME_LIMIT_TOO_LONG', `timeLimitSeconds may be at most ${maxSeconds} (the platform's limit).`);
    }
    return {
      command: fields.command,
      description: fields.description,
      enabled: fields.enabled,
      interval: fields.interval,
      hour: fields.interval === 'daily' ? fields.hour! : null,
      minute: fields.interval === 'cron' ? null : fields.minute!,
      cron: fields.interval === 'cron' ? fields.cron!.trim().split(/\s+/).join(' ') : null,
      workingDirectory: await this.workingDirectory(account, fields.workingDirectory ?? undefined),
      virtualenv: fields.virtualenv ?? null,
      timeLimitSeconds: fields.timeLimitSeconds ?? maxSeconds,
    };
  }

  /** A folder in the home, as the container sees it; the home itself by default. */
  async workingDirectory(account: AccountEntity, given: string | undefined): Promise<string> {
    const containerHome = accountContainerHome(account.username);
    if (!given?.trim()) return containerHome;
    let relative: string;
    try {
      const home = await openAccountHome(this.config, account);
      relative = await home.locate(given.trim());
      await home.withDirectory(relative, async () => undefined);
    } catch (error) {
      if (error instanceof HomeFsError && error.code === 'outside') throw new TasksException('TASK_WORKING_DIRECTORY_OUTSIDE', `workingDirectory: ${error.message}`);
      if (error instanceof HomeFsError) throw new TasksException('TASK_WORKING_DIRECTORY_MISSING', `workingDirectory: ${given} is not a folder in your home.`);
      throw error;
    }
    return relative ? `${containerHome}/${relative}` : containerHome;
  }

  async toView(row: ScheduledTaskEntity): Promise<ScheduledTaskView> {
    const [lastRun, nextRunAt] = await Promise.all([
      this.runs.findOne({ where: { taskId: row.id }, order: { createdAt: 'DESC' } }),
      row.enabled ? this.queues.nextRunAt(row.id).catch(() => null) : Promise.resolve(null),
    ]);
    return {
      id: row.id,
      command: row.command,
      description: row.description,
      enabled: row.enabled,
      interval: row.interval,
      hour: row.hour,
      minute: row.minute,
      cron: row.cron,
      printableTime: printableTaskTime(row),
      workingDirectory: row.workingDirectory,
      virtualenv: row.virtualenv,
      timeLimitSeconds: row.timeLimitSeconds,
      logfile: taskLogPath(row.id),
      nextRunAt: nextRunAt?.toISOString() ?? null,
      lastRun: lastRun ? toRunView(lastRun) : null,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export function toRunView(run: TaskRunEntity): TaskRunView {
  return {
    id: run.id,
    taskId: run.taskId,
    trigger: run.trigger,
    status: run.status,
    dueAt: run.dueAt?.toISOString() ?? null,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    exitCode: run.exitCode,
    durationMs: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    message: run.message,
    nodeId: run.nodeId,
    createdAt: run.createdAt.toISOString(),
  };
}
