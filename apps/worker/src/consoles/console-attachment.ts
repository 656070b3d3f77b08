import { Logger } from '@nestjs/common';
import { ConsoleControl, consoleInputChannel, ConsoleProcessState, consoleOutputChannel, consoleSessionName, frame, InputTag, OutputTag, unframe } from '@panel/console-relay';
import type { Duplex } from 'node:stream';
import type { NodeRuntime, Terminal } from '../node-runtime/node-runtime';
import type { ConsoleContainerRef, ConsoleContainers } from './console-containers';
import { tmuxCommand } from './console-containers';

/** Output budget of one attached browser: a burst, then a steady rate (tmux drops frames and redraws past it). */
export const OUTPUT_BURST_BYTES = 256 * 1024;
export const OUTPUT_BYTES_PER_SECOND = 512 * 1024;
/** Scrollback sent ahead of the screen when a browser (re)attaches. */
export const SCROLLBACK_LINES = 1000;
const KEEPALIVE_MS = 5_000;
/** start.sh prints this when the console's program ends (see console-shell/start.sh). */
const EXITED_TEXT = 'Process exited with status';

export interface AttachmentBus {
  publish(channel: string, message: Buffer): Promise<number>;
  subscribe(channel: string, listener: (message: Buffer) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
}

export interface AttachmentSpec {
  connectionId: string;
  consoleId: number;
  container: ConsoleContainerRef;
  cols: number;
  rows: number;
}

/**
 * One browser connection to one console: a `tmux attach` run with Docker's exec API (TTY, stdin hijacked), its
 * output published to the connection's output channel (throttled), the connection's keystrokes written to it.
 * Detaching ends the tmux client only; the console's program keeps running in its session.
 */
export class ConsoleAttachment {
  private readonly logger = new Logger(ConsoleAttachment.name);
  private stream: Duplex | null = null;
  private terminal: Terminal | null = null;
  /** The tty of our tmux client in the container, to detach exactly it. */
  private clientTty: string | null = null;
  private ttyLine = '';
  private pendingInput: Buffer[] = [];
  private pendingOutput: Buffer[] = [];
  private flushScheduled = false;
  private tokens = OUTPUT_BURST_BYTES;
  private lastRefill = Date.now();
  private resumeTimer?: NodeJS.Timeout;
  private keepAliveTimer?: NodeJS.Timeout;
  private stateCheckTimer?: NodeJS.Timeout;
  private lastStateCheck = 0;
  private reportedExit = false;
  private outputTail = '';
  private closed = false;
  private publishing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly spec: AttachmentSpec,
    private readonly containers: ConsoleContainers,
    private readonly runtime: NodeRuntime,
    private readonly bus: AttachmentBus,
    private readonly onClosed: (attachment: ConsoleAttachment) => void,
  ) {}

  get connectionId() {
    return this.spec.connectionId;
  }

  get consoleId() {
    return this.spec.consoleId;
  }

  /** Platform text drawn in the terminal (not typed into the program), e.g. a drain's warning. */
  notice(text: string): Promise<unknown> {
    return this.publishOutput(Buffer.from(text, 'utf8'));
  }

  /** Subscribes to the input, sends the scrollback, then attaches tmux (which draws the current screen). */
  async start(state: ConsoleProcessState, history: string): Promise<void> {
    const { container, consoleId } = this.spec;
    await this.bus.subscribe(consoleInputChannel(this.spec.connectionId), (message) => this.onInput(message));
    // A full reset first: a browser that reconnects gets the same picture as a new one.
    let preface = '\x1bc';
    if (history) preface += history.replace(/\r?\n/g, '\r\n') + '\r\n'.repeat(this.spec.rows);
    await this.publishOutput(Buffer.from(preface, 'utf8'));

    this.terminal = await this.runtime.openTerminal(container.id, {
      // `tty` first, so that we know which client to detach later: closing the exec's connection does not end it.
      cmd: ['sh', '-c', 'tty; exec "$@"', 'sh', ...tmuxCommand('attach-session', '-t', `=${consoleSessionName(consoleId)}`)],
      user: container.user,
      env: { TERM: 'xterm-256color', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    });
    const stream = this.terminal.stream;
    this.stream = stream;
    (stream as Duplex & { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
    stream.on('data', (chunk: Buffer) => this.onOutput(chunk));
    stream.on('end', () => void this.close('the terminal ended'));
    stream.on('close', () => void this.close('the terminal ended'));
    stream.on('error', (error) => void this.close(`terminal error: ${error.message}`));
    await this.resize(this.spec.cols, this.spec.rows);
    if (this.closed) return;
    for (const input of this.pendingInput.splice(0)) stream.write(input);
    await this.control({ type: 'attached' });
    this.keepAliveTimer = setInterval(() => void this.publish(frame(OutputTag.KeepAlive)), KEEPALIVE_MS);
    if (state.state === 'exited') {
      this.reportedExit = true;
      await this.control({ type: 'exited', exitStatus: state.exitStatus });
    }
  }

  private onInput(message: Buffer) {
    const { tag, body } = unframe(message);
    switch (tag) {
      case InputTag.Data:
        if (this.stream) this.stream.write(body);
        else this.pendingInput.push(Buffer.from(body));
        break;
      case InputTag.Resize: {
        const { cols, rows } = JSON.parse(body.toString('utf8')) as { cols: number; rows: number };
        this.spec.cols = cols;
        this.spec.rows = rows;
        void this.resize(cols, rows);
        break;
      }
      case InputTag.Restart:
        void this.restart();
        break;
      case InputTag.Detach:
        void this.close('the browser left');
        break;
      default:
        break; // pings
    }
  }

  private async resize(cols: number, rows: number) {
    if (!this.terminal) return;
    await this.terminal.resize(cols, rows).catch((error: Error) =>
      this.logger.debug(`resize of console ${this.spec.consoleId} failed: ${error.message}`),
    );
  }

  private async restart() {
    try {
      await this.containers.respawn(this.spec.container, this.spec.consoleId);
      this.reportedExit = false;
      await this.control({ type: 'attached' });
    } catch (error) {
      await this.control({ type: 'error', message: (error as Error).message, fatal: false });
    }
  }

  private onOutput(chunk: Buffer) {
    if (this.clientTty === null) {
      // The first line is `tty`'s answer.
      this.ttyLine += chunk.toString('latin1');
      const end = this.ttyLine.indexOf('\n');
      if (end < 0) return;
      this.clientTty = this.ttyLine.slice(0, end).trim();
      const rest = Buffer.from(this.ttyLine.slice(end + 1), 'latin1');
      this.ttyLine = '';
      if (!rest.length) return;
      chunk = rest;
    }
    this.pendingOutput.push(chunk);
    this.spend(chunk.length);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Chunks that arrive together go out as one message, without waiting for more.
      setImmediate(() => this.flush());
    }
    // Only when the program says it ended, ask tmux for its exit status: every question to tmux is a Docker exec.
    const text = this.outputTail + chunk.toString('latin1');
    if (text.includes(EXITED_TEXT)) this.scheduleStateCheck();
    this.outputTail = text.slice(-EXITED_TEXT.length);
  }

  private flush() {
    this.flushScheduled = false;
    if (!this.pendingOutput.length) return;
    const data = Buffer.concat(this.pendingOutput.splice(0));
    void this.publishOutput(data);
  }

  /** A token bucket: past the budget the exec's stream is paused, tmux sees a slow terminal and skips frames. */
  private spend(bytes: number) {
    const now = Date.now();
    this.tokens = Math.min(OUTPUT_BURST_BYTES, this.tokens + ((now - this.lastRefill) / 1000) * OUTPUT_BYTES_PER_SECOND);
    this.lastRefill = now;
    this.tokens -= bytes;
    if (this.tokens < 0 && this.stream && !this.resumeTimer) {
      this.stream.pause();
      const waitMs = Math.ceil((-this.tokens / OUTPUT_BYTES_PER_SECOND) * 1000);
      this.resumeTimer = setTimeout(() => {
        this.resumeTimer = undefined;
        if (!this.closed) this.stream?.resume();
      }, waitMs);
    }
  }

  /** Notices the program ending (tmux draws "Pane is dead", which is output) without polling idle consoles. */
  private scheduleStateCheck() {
    if (this.stateCheckTimer || this.closed) return;
    const delay = Math.max(300, 1000 - (Date.now() - this.lastStateCheck));
    this.stateCheckTimer = setTimeout(() => {
      this.stateCheckTimer = undefined;
      void this.checkState();
    }, delay);
  }

  private async checkState() {
    if (this.closed) return;
    this.lastStateCheck = Date.now();
    try {
      const state = await this.containers.sessionState(this.spec.container, this.spec.consoleId);
      if (state.state === 'exited' && !this.reportedExit) {
        this.reportedExit = true;
        await this.control({ type: 'exited', exitStatus: state.exitStatus });
      } else if (state.state === 'running') {
        this.reportedExit = false;
      }
    } catch (error) {
      this.logger.debug(`state of console ${this.spec.consoleId}: ${(error as Error).message}`);
    }
  }

  private publishOutput(data: Buffer) {
    return this.publish(frame(OutputTag.Data, data));
  }

  control(message: ConsoleControl) {
    return this.publish(frame(OutputTag.Control, JSON.stringify(message)));
  }

  /** In order; nobody listening means panel-api's connection is gone (its process restarted): let go. */
  private publish(message: Buffer): Promise<unknown> {
    this.publishing = this.publishing.then(async () => {
      if (this.closed && message[0] !== OutputTag.Control) return;
      const receivers = await this.bus.publish(consoleOutputChannel(this.spec.connectionId), message).catch(() => 1);
      if (receivers === 0) void this.close('nobody is listening');
    });
    return this.publishing;
  }

  /** Ends this attachment: the tmux client detaches (the program runs on), the exec's connection closes. */
  async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.logger.debug(`console ${this.spec.consoleId} connection ${this.spec.connectionId} closed: ${reason}`);
    clearInterval(this.keepAliveTimer);
    clearTimeout(this.resumeTimer);
    clearTimeout(this.stateCheckTimer);
    this.onClosed(this);
    await this.bus.unsubscribe(consoleInputChannel(this.spec.connectionId)).catch(() => undefined);
    if (this.clientTty) {
      // Closing the exec's connection leaves the tmux client attached: say so if it could not be detached.
      await this.containers
        .detachClient(this.spec.container, this.clientTty)
        .catch((error: Error) => this.logger.warn(`detaching console ${this.spec.consoleId}'s client ${this.clientTty} failed: ${error.message}`));
    }
    this.stream?.destroy();
    if (reason === 'the terminal ended') {
      // tmux ended the client itself: the session was killed, or something else detached us (panel-api re-attaches).
      const state = await this.containers.sessionState(this.spec.container, this.spec.consoleId).catch(() => null);
      const killed = state?.state === 'stopped';
      await this.control({ type: 'closed', killed, reason: killed ? 'The console was killed.' : 'The terminal was detached.' });
    }
  }
}
