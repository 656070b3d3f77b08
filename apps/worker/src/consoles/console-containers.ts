import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { PythonVersion, runtimeImageFor } from '@panel/contracts';
import type { ConsoleEntity } from '@panel/database';
import { consoleSessionName, ConsoleProcessState } from '@panel/console-relay';
import { PANEL_CONFIG } from '@panel/nest';
import { accountContainerHome } from '@panel/home-fs';
import { join } from 'node:path';
import type { AccountWorkspace } from '../accounts/account-workspace';
import { type ExecResult, NODE_RUNTIME, type NodeRuntime, type OwnerOf, type WorkloadDetails, WorkloadExistsError, type WorkloadSummary } from '../node-runtime/node-runtime';

/** tmux.conf, start.sh and bashrc, mounted read-only at /opt/panel-console in console containers. */
export const CONSOLE_SHELL_DIR = join(__dirname, '..', '..', 'console-shell');
export const CONSOLE_SHELL_MOUNT = '/opt/panel-console';
const EXEC_TIMEOUT_MS = 15_000;

/** The tmux server of consoles: its own socket (/tmp/tmux-<uid>/panel), so a user's own tmux stays separate. */
export const tmuxCommand = (...args: string[]) => ['tmux', '-u', '-L', 'panel', '-f', `${CONSOLE_SHELL_MOUNT}/tmux.conf`, ...args];

/**
 * A pane's state: start.sh records its program's exit status as the pane option @panel_exit and keeps the pane open;
 * a pane that died anyway (its script was killed) counts as exited too.
 */
const STATE_FORMAT = '#{pane_dead}|#{pane_dead_status}|#{@panel_exit}';

function parseState(line: string): ConsoleProcessState | null {
  const m = /^([01])\|(-?\d*)\|(-?\d*)$/.exec(line.trim());
  if (!m) return null;
  if (m[3] !== '') return { state: 'exited', exitStatus: Number(m[3]) };
  if (m[1] === '1') return { state: 'exited', exitStatus: m[2] !== '' ? Number(m[2]) : null };
  return { state: 'running', exitStatus: null };
}

/** sh: ends every process in the session of the pane of tmux session "$1" (hang up, then kill what stayed). */
const END_PANE_PROCESSES = [
  `pane=$(${tmuxCommand('list-panes', '-t', '="$1":', '-F', "'#{pane_pid}'").join(' ')} 2>/dev/null | head -n 1)`,
  'if [ -n "$pane" ]; then pkill -HUP -s "$pane"; sleep 0.3; pkill -KILL -s "$pane"; fi',
].join('; ');

export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ConsoleContainerRef {
  id: string;
  name: string;
  user: string;
}

/**
 * An account's long-lived console container (one per Python version it uses on this node) and the tmux sessions
 * in it, one per console. Everything goes through the node runtime (exec), never the docker CLI.
 */
@Injectable()
export class ConsoleContainers {
  private readonly logger = new Logger(ConsoleContainers.name);
  /** One start at a time per container, so two consoles opened at once share one container. */
  private readonly starting = new Map<string, Promise<ConsoleContainerRef>>();
  private readonly used = new Map<string, number>();

  constructor(
    @Inject(NODE_RUNTIME) private readonly runtime: NodeRuntime,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /** When a console last needed the container (0: not since this process started). */
  lastUsed(name: string): number {
    return this.used.get(name) ?? 0;
  }

  /** The container's name: the runtime's console name for the account and Python version. */
  nameOf(username: string, pythonVersion: string): Promise<string> {
    return this.runtime.consoleName(username, pythonVersion);
  }

  /** The container if it exists and runs; null otherwise (never starts anything). */
  async findRunning(username: string, pythonVersion: string): Promise<ConsoleContainerRef | null> {
    const info = await this.inspect(await this.nameOf(username, pythonVersion));
    return info?.state === 'running' ? { id: info.id, name: info.name, user: info.user } : null;
  }

  /** Creates or starts the account's console container for a Python version; resolves when it runs. */
  async ensureRunning(workspace: AccountWorkspace, pythonVersion: string): Promise<ConsoleContainerRef> {
    const name = await this.nameOf(workspace.account.username, pythonVersion);
    this.used.set(name, Date.now());
    let pending = this.starting.get(name);
    if (!pending) {
      pending = this.start(workspace, pythonVersion, name).finally(() => this.starting.delete(name));
      this.starting.set(name, pending);
    }
    return pending;
  }

  private async start(workspace: AccountWorkspace, pythonVersion: string, name: string): Promise<ConsoleContainerRef> {
    let info = await this.inspect(name);
    if (info?.state === 'running') return { id: info.id, name, user: info.user };
    if (!info) {
      const image = runtimeImageFor(pythonVersion as PythonVersion);
      if (!(await this.runtime.hasImage(image))) {
        throw new ConsoleError(
          503,
          `The Python ${pythonVersion} runtime image (${image}) is not built on node ${this.config.nodeId}. An operator builds it with: bash runtime-images/build.sh ${pythonVersion}`,
        );
      }
      try {
        await this.runtime.startLongRunning({
          owner: { kind: 'console', accountId: workspace.account.id, username: workspace.account.username, pythonVersion },
          image,
          // The container only hosts tmux (started by exec); an idle process keeps it up, the init reaps.
          cmd: ['sleep', 'infinity'],
          user: workspace.user,
          workingDir: workspace.homeInContainer,
          hostname: `${workspace.account.username}-console`,
          env: { ...workspace.env, TMUX_TMPDIR: '/tmp' },
          binds: [...workspace.binds, `${CONSOLE_SHELL_DIR}:${CONSOLE_SHELL_MOUNT}:ro`],
          restartOnExit: true,
        });
      } catch (error) {
        // Another worker process (a restart racing the old one) made it first: use that one.
        if (!(error instanceof WorkloadExistsError)) throw error;
      }
    } else {
      await this.runtime.start(info.id);
    }
    info = await this.inspect(name);
    if (info?.state !== 'running') {
      // A container of that name that is not this platform's on this node is never used.
      throw new ConsoleError(500, `The console container ${name} did not start.`);
    }
    this.logger.log(`console container ${name} started`);
    return { id: info.id, name, user: info.user };
  }

  /** The container by id or name, when it is this platform's on this node. */
  inspect(idOrName: string): Promise<WorkloadDetails | null> {
    return this.runtime.inspect(idOrName);
  }

  /** This node's console containers, running or not. */
  list(): Promise<WorkloadSummary<OwnerOf<'console'>>[]> {
    return this.runtime.list({ kind: 'console' });
  }

  stopAndRemove(idOrName: string): Promise<void> {
    return this.runtime.stopAndRemove(idOrName, 2);
  }

  /** Runs a short command in the container as its account and collects its output. */
  exec(container: ConsoleContainerRef, cmd: string[], timeoutMs = EXEC_TIMEOUT_MS): Promise<ExecResult> {
    return this.runtime.exec(container.id, { cmd, user: container.user, timeoutMs });
  }

  async tmux(container: ConsoleContainerRef, ...args: string[]): Promise<ExecResult> {
    return this.exec(container, tmuxCommand(...args));
  }

  /** The state of every console session in the container (none when tmux is not running). */
  async sessionStates(container: ConsoleContainerRef): Promise<Map<number, ConsoleProcessState>> {
    const result = await this.tmux(container, 'list-sessions', '-F', `#{session_name}|${STATE_FORMAT}`);
    const states = new Map<number, ConsoleProcessState>();
    if (result.exitCode !== 0) return states; // "no server running": no sessions
    for (const line of result.stdout.split('\n')) {
      const m = /^c(\d+)\|(.*)$/.exec(line.trim());
      const state = m ? parseState(m[2]) : null;
      if (m && state) states.set(Number(m[1]), state);
    }
    return states;
  }

  async sessionState(container: ConsoleContainerRef, consoleId: number): Promise<ConsoleProcessState> {
    // list-panes, not display-message: display-message prints an empty line for a missing session and succeeds.
    const result = await this.tmux(container, 'list-panes', '-t', `=${consoleSessionName(consoleId)}:`, '-F', STATE_FORMAT);
    if (result.exitCode !== 0) return { state: 'stopped', exitStatus: null };
    return parseState(result.stdout.split('\n')[0]) ?? { state: 'stopped', exitStatus: null };
  }

  /**
   * One exec for what attaching needs: the session's state and its scrollback above the screen (with colours).
   * tmux stops at the first failing command, so a missing session gives no history.
   */
  async stateAndHistory(container: ConsoleContainerRef, consoleId: number, lines: number): Promise<{ state: ConsoleProcessState; history: string }> {
    const target = `=${consoleSessionName(consoleId)}:`;
    const result = await this.tmux(container, 'list-panes', '-t', target, '-F', STATE_FORMAT, ';', 'capture-pane', '-p', '-e', '-t', target, '-S', String(-lines), '-E', '-1');
    const newline = result.stdout.indexOf('\n');
    const state = result.exitCode === 0 ? parseState(newline < 0 ? result.stdout : result.stdout.slice(0, newline)) : null;
    if (!state) return { state: { state: 'stopped', exitStatus: null }, history: '' };
    return { state, history: newline < 0 ? '' : result.stdout.slice(newline + 1).replace(/\s+$/, '') };
  }

  /** Starts the console's program in a new tmux session `c<id>` (nothing happens if it exists). */
  async createSession(container: ConsoleContainerRef, console: ConsoleEntity, username: string, size = { cols: 80, rows: 24 }): Promise<void> {
    const env: Record<string, string> = {
      PANEL_CONSOLE_KIND: console.kind,
      PANEL_CONSOLE_PYTHON: console.pythonVersion,
      PANEL_CONSOLE_DATABASE: console.databaseName ?? '',
      PANEL_CONSOLE_COMMAND: console.command ?? '',
      PANEL_CONSOLE_ID: String(console.id),
    };
    const result = await this.tmux(
      container,
      'new-session',
      '-d',
      '-s',
      consoleSessionName(console.id),
      '-x',
      String(size.cols),
      '-y',
      String(size.rows),
      '-c',
      console.workingDirectory || accountContainerHome(username),
      // tmux 3.1 (bullseye) has no new-session -e: the values go in as env's arguments (no shell in between).
      'env',
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      `${CONSOLE_SHELL_MOUNT}/start.sh`,
    );
    if (result.exitCode !== 0 && !/duplicate session/.test(result.stderr)) {
      throw new ConsoleError(500, `Could not start the console: ${result.stderr.trim() || `tmux exited with ${result.exitCode}`}`);
    }
  }

  /**
   * Ends a console and every process it started: tmux only signals the pane's own process, and a shell whose terminal
   * goes away exits without passing the hangup to its background jobs. They all share the pane's session id.
   */
  async killSession(container: ConsoleContainerRef, consoleId: number): Promise<void> {
    await this.exec(container, ['sh', '-c', `${END_PANE_PROCESSES}; ${tmuxCommand('kill-session', '-t', '="$1"').join(' ')} 2>/dev/null; true`, 'sh', consoleSessionName(consoleId)]);
  }

  /** Runs the console's program again (start.sh), after ending what the previous run left. */
  async respawn(container: ConsoleContainerRef, consoleId: number): Promise<void> {
    const target = `=${consoleSessionName(consoleId)}:`;
    await this.exec(container, ['sh', '-c', `${END_PANE_PROCESSES}; true`, 'sh', consoleSessionName(consoleId)]);
    const result = await this.tmux(container, 'set-option', '-p', '-t', target, '-u', '@panel_exit', ';', 'respawn-pane', '-k', '-t', target);
    if (result.exitCode !== 0) throw new ConsoleError(500, `Could not restart the console: ${result.stderr.trim()}`);
  }

  /** Types text into the console as if from a keyboard (newlines become Enter). */
  async sendInput(container: ConsoleContainerRef, consoleId: number, input: string): Promise<void> {
    if (!input) return;
    const result = await this.tmux(container, 'send-keys', '-t', `=${consoleSessionName(consoleId)}:`, '-l', '--', input.replace(/\r?\n/g, '\r'));
    if (result.exitCode !== 0) throw new ConsoleError(500, `Could not send input to the console: ${result.stderr.trim()}`);
  }

  /** Recent output as text: `lines` of scrollback and the screen, without trailing blank lines. */
  async capture(container: ConsoleContainerRef, consoleId: number, lines: number): Promise<string> {
    const result = await this.tmux(container, 'capture-pane', '-p', '-J', '-t', `=${consoleSessionName(consoleId)}:`, '-S', String(-lines));
    if (result.exitCode !== 0) return '';
    return result.stdout.replace(/\s+$/, '');
  }

  /** The tmux clients attached (ttys), e.g. those a previous worker process left behind. */
  async clients(container: ConsoleContainerRef): Promise<string[]> {
    const result = await this.tmux(container, 'list-clients', '-F', '#{client_tty}');
    return result.exitCode === 0 ? result.stdout.split('\n').map((l) => l.trim()).filter(Boolean) : [];
  }

  async detachClient(container: ConsoleContainerRef, tty: string): Promise<void> {
    await this.tmux(container, 'detach-client', '-t', tty);
  }
}
