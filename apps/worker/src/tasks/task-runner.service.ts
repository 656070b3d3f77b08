import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { accountPythonVersion, PYTHON_VERSIONS, type PythonVersion, TaskRunData, taskLogPath } from '@panel/contracts';
import { ScheduledTaskEntity, TaskRunEntity } from '@panel/database';
import { AbortedError, JobLogStore, TASK_RUN_CANCEL_CHANNEL, taskRunLogStore, taskRunQueueName, TaskQueues } from '@panel/jobs';
import { accountWebDirs, minorVersion, readPyvenvCfg, writeOwnedFile, WORKON_DIR } from '@panel/home-fs';
import { PANEL_CONFIG, REDIS, subscriberConnection } from '@panel/nest';
import { Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { basename, join } from 'node:path';
import { Repository } from 'typeorm';
import { AccountContainers } from '../accounts/account-containers';
import { type AccountWorkspace, AccountWorkspaces } from '../accounts/account-workspace';
import { JobFailure } from '../jobs/job-handler';
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';
import { rotateLogIfLarge } from '../webapps/log-rotation';
import { CpuAccountant } from '../cpu/cpu-accountant.service';
import { TASK_RUN_PURPOSE } from './task-run-purpose';

/** A run keeps at most this much of its output (the account's tasklog file gets all of it). */
const RUN_OUTPUT_MAX_BYTES = 1024 * 1024;

/**
 * The command of a task, in bash: values come in through the environment, never spliced into the script. A bare
 * `.py` path runs with the Python of the task's virtualenv, or the image's; anything else runs in bash, as on
 * PythonAnywhere. $API_TOKEN is the consoles' token (~/.panel-api-token) when the account uses API tokens.
 */
const TASK_SCRIPT = [
  'cd "$PANEL_TASK_DIR" || exit 1',
  'if [ -r "$HOME/.panel-api-token" ]; then API_TOKEN=$(cat "$HOME/.panel-api-token"); export API_TOKEN; fi',
  'if [ -n "$PANEL_TASK_VENV" ]; then . "$HOME/.virtualenvs/$PANEL_TASK_VENV/bin/activate" || exit 1; fi',
  'command=$PANEL_TASK_COMMAND; python_file=$PANEL_TASK_PYTHON_FILE',
  'unset PANEL_TASK_DIR PANEL_TASK_VENV PANEL_TASK_COMMAND PANEL_TASK_PYTHON_FILE',
  'if [ "$python_file" = 1 ]; then exec python3 "$command"; fi',
  'exec bash -c "$command"',
].join('\n');

/** A bare path to a Python file (no spaces, no arguments): run with python, as PythonAnywhere does. */
export const isPythonFileCommand = (command: string) => /^[^\s;&|<>$`'"]+\.py$/.test(command.trim());

type StopReason = 'cancelled' | 'shutdown';

/**
 * Runs the scheduled task runs queued for this node (its own task runs queue), each in a one-off container of the
 * account, with the task's time limit. A run is started once: its row goes from queued to running in one conditional
 * update, and a run found running when it comes round again (its worker died) is recorded as failed, not restarted.
 */
@Injectable()
export class TaskRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TaskRunner.name);
  private worker?: Worker;
  private cancelSubscriber?: Redis;
  private readonly running = new Map<string, { controller: AbortController; reason?: StopReason }>();
  private readonly logs: JobLogStore;

  constructor(
    @InjectRepository(TaskRunEntity) private readonly runs: Repository<TaskRunEntity>,
    @InjectRepository(ScheduledTaskEntity) private readonly tasks: Repository<ScheduledTaskEntity>,
    private readonly queues: TaskQueues,
    private readonly workspaces: AccountWorkspaces,
    private readonly containers: AccountContainers,
    @Inject(NODE_RUNTIME) private readonly runtime: NodeRuntime,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
    private readonly cpu: CpuAccountant,
  ) {
    this.logs = taskRunLogStore(config.dataDir);
  }

  async onApplicationBootstrap() {
    await this.recover();
    this.cancelSubscriber = await subscriberConnection(this.redis);
    this.cancelSubscriber.on('message', (_channel: string, runId: string) => this.stop(runId, 'cancelled'));
    await this.cancelSubscriber.subscribe(TASK_RUN_CANCEL_CHANNEL);
    const queue = taskRunQueueName(this.config.nodeId);
    this.worker = new Worker(queue, (job: Job) => this.process(job), {
      connection: { url: this.config.redisUrl, maxRetriesPerRequest: null },
      concurrency: this.config.tasks.concurrency,
      // A run whose worker died is not handed out again (it would run twice); recover() records it as failed.
      maxStalledCount: 0,
    });
    this.worker.on('error', (error) => this.logger.error(`queue ${queue}: ${error.message}`));
  }

  async onApplicationShutdown() {
    for (const runId of this.running.keys()) this.stop(runId, 'shutdown');
    await this.worker?.close();
    await this.cancelSubscriber?.quit().catch(() => undefined);
  }

  private stop(runId: string, reason: StopReason) {
    const entry = this.running.get(runId);
    if (!entry || entry.controller.signal.aborted) return;
    entry.reason = reason;
    entry.controller.abort(new Error(reason));
  }

  /**
   * At start: runs this node's previous worker left running are over (their containers are removed, the runs
   * recorded as failed), and queued runs whose queue entry was lost (a crash between the row and the queue) are
   * queued again.
   */
  private async recover() {
    for (const leftover of await this.runtime.list({ kind: 'job', purpose: TASK_RUN_PURPOSE })) await this.runtime.remove(leftover.id);
    const interrupted = await this.runs.findBy({ nodeId: this.config.nodeId, status: 'running' });
    for (const run of interrupted) {
      await this.finish(run, 'failed', null, 'Stopped: the worker running it stopped. The run is not started again; the next one runs on time.');
    }
    const queue = this.queues.queue(taskRunQueueName(this.config.nodeId));
    for (const run of await this.runs.findBy({ nodeId: this.config.nodeId, status: 'queued' })) {
      if (!(await queue.getJob(run.id))) await this.queues.enqueueRun(run);
    }
  }

  private async process(job: Job): Promise<void> {
    const parsed = TaskRunData.safeParse(job.data);
    if (!parsed.success) return;
    const { runId } = parsed.data;
    // queued -> running once: a run delivered twice is started by one of them only.
    const claimed = await this.runs.update({ id: runId, status: 'queued' }, { status: 'running', startedAt: new Date(), nodeId: this.config.nodeId });
    if (!claimed.affected) return;
    const run = await this.runs.findOneBy({ id: runId });
    const task = run ? await this.tasks.findOneBy({ id: run.taskId }) : null;
    if (!run || !task) return; // the task was deleted meanwhile (its runs with it)

    const controller = new AbortController();
    const entry: { controller: AbortController; reason?: StopReason } = { controller };
    this.running.set(runId, entry);
    let workspace: AccountWorkspace | undefined;
    let stored = 0;
    let truncated = false;
    const started = Date.now();
    try {
      workspace = await this.workspaces.forAccount(task.accountId);
      const logFile = this.tasklogFile(workspace, task.id);
      await this.appendTasklog(workspace, logFile, `\n--- ${new Date(started).toISOString()} run ${run.id} (${run.trigger === 'manual' ? 'run now' : 'scheduled'}) ---\n`);
      const pythonVersion = await taskPythonVersion(workspace, task.virtualenv);
      const image = await this.containers.assertImage(pythonVersion);
      const exitCode = await this.runtime.runToCompletion({
        owner: { kind: 'job', accountId: task.accountId, username: workspace.account.username, jobId: run.id, purpose: TASK_RUN_PURPOSE },
        image,
        cmd: ['bash', '-c', TASK_SCRIPT],
        user: workspace.user,
        env: {
          ...workspace.env,
          PANEL_TASK_DIR: task.workingDirectory,
          PANEL_TASK_VENV: task.virtualenv ?? '',
          PANEL_TASK_COMMAND: task.command,
          PANEL_TASK_PYTHON_FILE: isPythonFileCommand(task.command) ? '1' : '0',
        },
        workingDir: workspace.homeInContainer,
        binds: workspace.binds,
        timeoutMs: task.timeLimitSeconds * 1000,
        signal: controller.signal,
        onCpuSeconds: (workloadId, seconds) => this.cpu.report(workloadId, task.accountId, seconds),
        onOutput: async (text) => {
          if (stored < RUN_OUTPUT_MAX_BYTES) {
            const chunk = Buffer.from(text).subarray(0, RUN_OUTPUT_MAX_BYTES - stored).toString('utf8');
            stored += Buffer.byteLength(chunk);
            await this.logs.append(run.id, chunk);
          } else if (!truncated) {
            truncated = true;
            await this.logs.append(run.id, `\n[panel] the output goes on past ${RUN_OUTPUT_MAX_BYTES / 1024 / 1024} MiB; the rest is in ${taskLogPath(task.id)}\n`);
          }
          await this.appendTasklog(workspace!, logFile, text);
        },
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      await this.appendTasklog(workspace, logFile, `\n--- exit code ${exitCode} after ${seconds} s ---\n`);
      await this.finish(run, exitCode === 0 ? 'succeeded' : 'failed', exitCode, exitCode === 0 ? null : `The command exited with code ${exitCode}.`);
    } catch (error) {
      const message =
        error instanceof AbortedError || entry.reason
          ? entry.reason === 'cancelled'
            ? 'Stopped: the task was deleted.'
            : entry.reason === 'shutdown'
              ? 'Stopped: the worker shut down during this run.'
              : `Stopped: the run took longer than its time limit of ${task.timeLimitSeconds} s.`
          : error instanceof JobFailure
            ? error.message
            : `The run could not start: ${(error as Error).message}`;
      if (!(error instanceof AbortedError) && !(error instanceof JobFailure)) this.logger.error(`task run ${run.id}: ${(error as Error).stack}`);
      await this.logs.append(run.id, `\n[panel] ${message}\n`).catch(() => undefined);
      if (workspace) await this.appendTasklog(workspace, this.tasklogFile(workspace, task.id), `\n--- ${message} ---\n`).catch(() => undefined);
      await this.finish(run, 'failed', null, message);
    } finally {
      this.running.delete(runId);
      if (workspace) {
        const { maxBytes, keep } = this.config.webappLogs;
        await rotateLogIfLarge(this.tasklogFile(workspace, task.id), workspace.account.uid!, maxBytes, keep).catch((error: Error) => this.logger.warn(`tasklog rotation: ${error.message}`));
      }
    }
  }

  private async finish(run: TaskRunEntity, status: 'succeeded' | 'failed', exitCode: number | null, message: string | null) {
    await this.runs.update({ id: run.id }, { status, exitCode, message: message?.slice(0, 500) ?? null, finishedAt: new Date() });
  }

  /** The account's /var/log/tasklog-<id>.log on this host. */
  private tasklogFile(workspace: AccountWorkspace, taskId: number): string {
    return join(accountWebDirs(this.config, workspace.account.username).log, basename(taskLogPath(taskId)));
  }

  /** Appended as root without following a link the account put there (writeOwnedFile), and given to the account. */
  private async appendTasklog(workspace: AccountWorkspace, path: string, text: string) {
    await writeOwnedFile(path, text, workspace.account.uid!, 0o644, true).catch((error: Error) => this.logger.debug(`tasklog ${path}: ${error.message}`));
  }
}

/** The Python of a task's virtualenv (the runtime image it runs in), or the account's default_python3_version. */
export async function taskPythonVersion(workspace: AccountWorkspace, virtualenv: string | null): Promise<PythonVersion> {
  if (!virtualenv) return accountPythonVersion(workspace.account, 'python3');
  const cfg = await readPyvenvCfg(join(workspace.hostHome, WORKON_DIR, virtualenv));
  if (!cfg) throw new JobFailure(`The virtualenv ${virtualenv} does not exist in ~/${WORKON_DIR}.`);
  const version = minorVersion(cfg.version);
  if (!version || !(PYTHON_VERSIONS as readonly string[]).includes(version)) throw new JobFailure(`The virtualenv ${virtualenv} uses Python ${cfg.version ?? '(unknown)'}, which has no runtime image here.`);
  return version as PythonVersion;
}
