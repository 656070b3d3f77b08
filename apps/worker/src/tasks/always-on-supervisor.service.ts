import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { alwaysOnLogPath, type AlwaysOnState, runtimeImageFor } from '@panel/contracts';
import { AlwaysOnTaskEntity } from '@panel/database';
import { accountWebDirs } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { basename, join } from 'node:path';
import { Repository } from 'typeorm';
import { AccountContainers } from '../accounts/account-containers';
import { AccountWorkspaces } from '../accounts/account-workspace';
import { PeriodicPass } from '../leadership/periodic-pass';
import { NODE_RUNTIME, type NodeRuntime, WorkloadExistsError } from '../node-runtime/node-runtime';
import { rotateLogIfLarge } from '../webapps/log-rotation';
import { isPythonFileCommand, taskPythonVersion } from './task-runner.service';

const PASS_MS = 2_000;
/** A restart seen within this long makes the task "crashing" rather than "running". */
const CRASH_WINDOW_MS = 30_000;
const ROTATE_EVERY_MS = 60_000;

/**
 * The always-on task's command, in bash, as the account: everything it prints goes to its own /var/log file (opened by
 * the account's process, so nothing is written there as root), with a line at each start and exit.
 */
const ALWAYS_ON_SCRIPT = [
  'exec >>"/var/log/alwayson-log-$PANEL_TASK_ID.log" 2>&1',
  'echo "--- $(date -u +%Y-%m-%dT%H:%M:%SZ) starting ---"',
  'cd "$PANEL_TASK_DIR" || exit 1',
  'if [ -r "$HOME/.panel-api-token" ]; then API_TOKEN=$(cat "$HOME/.panel-api-token"); export API_TOKEN; fi',
  'if [ -n "$PANEL_TASK_VENV" ]; then . "$HOME/.virtualenvs/$PANEL_TASK_VENV/bin/activate" || exit 1; fi',
  'command=$PANEL_TASK_COMMAND; python_file=$PANEL_TASK_PYTHON_FILE',
  'unset PANEL_TASK_ID PANEL_TASK_DIR PANEL_TASK_VENV PANEL_TASK_COMMAND PANEL_TASK_PYTHON_FILE',
  'if [ "$python_file" = 1 ]; then python3 "$command"; else bash -c "$command"; fi',
  'code=$?',
  'echo "--- $(date -u +%Y-%m-%dT%H:%M:%SZ) exited with code $code ---"',
  'exit $code',
].join('\n');

/**
 * Keeps this node's always-on tasks running: each enabled task of an account at home here has one container of its
 * current revision, which the engine restarts when it exits (with its growing delay, and while no worker runs), so a
 * task keeps running across worker restarts and a new worker simply finds it again. Each pass removes containers of
 * tasks that are paused, deleted, edited (an older revision) or no longer at home here, starts what is missing, and
 * writes the state it sees to the task's row.
 */
@Injectable()
export class AlwaysOnSupervisor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlwaysOnSupervisor.name);
  private readonly pass = new PeriodicPass(this.logger, 'always-on tasks', () => this.supervise(), PASS_MS);
  /** Per task: the restart count last seen and when it last grew. */
  private readonly seen = new Map<number, { restarts: number; grewAt: number }>();
  private lastRotation = 0;

  constructor(
    @InjectRepository(AlwaysOnTaskEntity) private readonly tasks: Repository<AlwaysOnTaskEntity>,
    private readonly workspaces: AccountWorkspaces,
    private readonly containers: AccountContainers,
    @Inject(NODE_RUNTIME) private readonly runtime: NodeRuntime,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  onApplicationBootstrap() {
    this.pass.start(true);
  }

  async onApplicationShutdown() {
    await this.pass.stop();
  }

  /** One pass now (tests). */
  runOnce(): Promise<void> {
    return this.pass.run();
  }

  private async supervise() {
    const here = await this.tasks
      .createQueryBuilder('t')
      .innerJoin('t.account', 'a')
      .where('a.home_node_id = :node', { node: this.config.nodeId })
      .getMany();
    const byId = new Map(here.map((t) => [t.id, t]));
    const running = await this.runtime.list({ kind: 'alwayson' });
    for (const container of running) {
      const task = byId.get(container.owner.taskId);
      if (!task || !task.enabled || task.revision !== container.owner.revision) {
        await this.runtime.stopAndRemove(container.id, 5);
        this.seen.delete(container.owner.taskId);
      }
    }
    for (const task of here) {
      if (!task.enabled) {
        if (task.state !== 'paused') await this.report(task, { state: 'paused', message: null });
        continue;
      }
      const container = running.find((c) => c.owner.taskId === task.id && c.owner.revision === task.revision);
      try {
        if (!container) await this.start(task);
        else await this.observe(task, container.id);
      } catch (error) {
        await this.report(task, { state: 'crashing', message: (error as Error).message.slice(0, 500) });
      }
    }
    if (Date.now() - this.lastRotation > ROTATE_EVERY_MS) {
      this.lastRotation = Date.now();
      await this.rotateLogs(here);
    }
  }

  private async start(task: AlwaysOnTaskEntity) {
    const workspace = await this.workspaces.forAccount(task.accountId);
    const pythonVersion = await taskPythonVersion(workspace, task.virtualenv);
    await this.containers.assertImage(pythonVersion);
    try {
      await this.runtime.startLongRunning({
        owner: { kind: 'alwayson', accountId: task.accountId, username: workspace.account.username, taskId: task.id, revision: task.revision },
        image: runtimeImageFor(pythonVersion),
        cmd: ['bash', '-c', ALWAYS_ON_SCRIPT],
        user: workspace.user,
        env: {
          ...workspace.env,
          PANEL_TASK_ID: String(task.id),
          PANEL_TASK_DIR: task.workingDirectory,
          PANEL_TASK_VENV: task.virtualenv ?? '',
          PANEL_TASK_COMMAND: task.command,
          PANEL_TASK_PYTHON_FILE: isPythonFileCommand(task.command) ? '1' : '0',
        },
        workingDir: workspace.homeInContainer,
        hostname: `${workspace.account.username}-alwayson`,
        binds: workspace.binds,
        restartOnExit: true,
      });
    } catch (error) {
      if (!(error instanceof WorkloadExistsError)) throw error; // made by a pass of another process: watched next time
    }
    this.seen.set(task.id, { restarts: 0, grewAt: 0 });
    this.logger.log(`always-on task ${task.id} (revision ${task.revision}) started`);
    await this.report(task, { state: 'starting', restarts: 0, message: null });
  }

  /** What the engine says about the task's container, as the task's state. */
  private async observe(task: AlwaysOnTaskEntity, containerId: string) {
    const details = await this.runtime.inspect(containerId);
    if (!details) return;
    const before = this.seen.get(task.id);
    const now = Date.now();
    const seen = { restarts: details.restartCount, grewAt: before && details.restartCount > before.restarts ? now : (before?.grewAt ?? 0) };
    this.seen.set(task.id, seen);
    let state: AlwaysOnState;
    if (details.state === 'restarting' || (details.restartCount > 0 && now - seen.grewAt < CRASH_WINDOW_MS)) state = 'crashing';
    else if (details.state === 'running') state = 'running';
    else {
      // Exited and not restarted by the engine (the engine itself restarted, say): start it again.
      await this.runtime.start(containerId);
      state = 'starting';
    }
    await this.report(task, { state, restarts: details.restartCount, lastExitCode: details.exitCode ?? task.lastExitCode, message: null });
  }

  private async report(task: AlwaysOnTaskEntity, changes: Partial<Pick<AlwaysOnTaskEntity, 'state' | 'restarts' | 'lastExitCode' | 'message'>>) {
    const changed = (Object.keys(changes) as (keyof typeof changes)[]).some((key) => changes[key] !== task[key]) || task.nodeId !== this.config.nodeId;
    if (!changed) return;
    const fields = { ...changes, nodeId: this.config.nodeId, ...(changes.state && changes.state !== task.state ? { stateChangedAt: new Date() } : {}) };
    // Only the revision looked at: an edit or a restart made meanwhile is not overwritten with an older state.
    await this.tasks.update({ id: task.id, revision: task.revision }, fields);
  }

  private async rotateLogs(tasks: AlwaysOnTaskEntity[]) {
    const { maxBytes, keep } = this.config.webappLogs;
    for (const task of tasks) {
      const account = await this.workspaces.forAccount(task.accountId).catch(() => null);
      if (!account) continue;
      const path = join(accountWebDirs(this.config, account.account.username).log, basename(alwaysOnLogPath(task.id)));
      await rotateLogIfLarge(path, account.account.uid!, maxBytes, keep).catch((error: Error) => this.logger.warn(`always-on log ${task.id}: ${error.message}`));
    }
  }
}
