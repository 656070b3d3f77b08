import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { ConsoleEntity } from '@panel/database';
import { ConsoleNodeRequest, consoleNodeChannel, consoleOutputChannel, ConsoleProcessState, consoleReplyChannel, ConsoleRpc, ConsoleRpcReply, frame, OutputTag } from '@panel/console-relay';
import { PANEL_CONFIG, REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { Repository } from 'typeorm';
import { AccountWorkspaces } from '../accounts/account-workspace';
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';
import { JobFailure } from '../jobs/job-handler';
import { AttachmentBus, ConsoleAttachment, SCROLLBACK_LINES } from './console-attachment';
import { ConsoleContainerRef, ConsoleContainers, ConsoleError } from './console-containers';

/**
 * The node's console service: takes attach requests and RPCs (start, kill, input, output...) from panel-api on the
 * node's Redis channel, and keeps one ConsoleAttachment per browser connection. It holds nothing that matters across
 * restarts: the consoles run in tmux in their containers, and panel-api attaches again when this process comes back.
 */
@Injectable()
export class ConsoleServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConsoleServer.name);
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, (message: Buffer) => void>();
  private readonly attachments = new Map<string, ConsoleAttachment>();
  private readonly bus: AttachmentBus;

  constructor(
    @InjectRepository(ConsoleEntity) private readonly consoles: Repository<ConsoleEntity>,
    private readonly workspaces: AccountWorkspaces,
    private readonly containers: ConsoleContainers,
    @Inject(NODE_RUNTIME) private readonly runtime: NodeRuntime,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {
    // No ready check: INFO cannot run once the connection is subscribing (see subscriberConnection in libs/nest).
    this.subscriber = redis.duplicate({ enableReadyCheck: false });
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const listener = this.listeners.get(channel.toString());
      try {
        listener?.(message);
      } catch (error) {
        this.logger.warn(`console message on ${channel.toString()}: ${(error as Error).message}`);
      }
    });
    this.bus = {
      publish: (channel, message) => this.redis.publish(channel, message),
      subscribe: async (channel, listener) => {
        this.listeners.set(channel, listener);
        // ioredis refuses its own ready check on a connection that subscribed before it was ready.
        if (this.subscriber.status !== 'ready') await new Promise((resolve) => this.subscriber.once('ready', resolve));
        await this.subscriber.subscribe(channel);
      },
      unsubscribe: async (channel) => {
        this.listeners.delete(channel);
        await this.subscriber.unsubscribe(channel);
      },
    };
  }

  async onApplicationBootstrap() {
    await this.detachLeftoverClients();
    await this.bus.subscribe(consoleNodeChannel(this.config.nodeId), (message) => {
      let request: ConsoleNodeRequest;
      try {
        request = JSON.parse(message.toString('utf8')) as ConsoleNodeRequest;
      } catch {
        return;
      }
      if (request.type === 'attach') void this.attach(request);
      else if (request.type === 'rpc') void this.answer(request.requestId, request.accountId, request.rpc);
    });
  }

  async onApplicationShutdown() {
    await Promise.race([Promise.all([...this.attachments.values()].map((a) => a.close('the worker stops'))), sleep(5_000)]);
    await this.subscriber.quit().catch(() => undefined);
  }

  /** The number of browser connections attached on this node (for tests and logs). */
  get attachedCount(): number {
    return this.attachments.size;
  }

  /** tmux clients of a previous worker process (killed without detaching) would linger: detach them. */
  private async detachLeftoverClients() {
    try {
      for (const info of await this.containers.list()) {
        if (info.state !== 'running') continue;
        const inspected = await this.containers.inspect(info.id);
        if (!inspected) continue;
        const ref: ConsoleContainerRef = { id: info.id, name: info.name, user: inspected.user };
        for (const tty of await this.containers.clients(ref)) await this.containers.detachClient(ref, tty);
      }
    } catch (error) {
      this.logger.warn(`detaching leftover console clients failed: ${(error as Error).message}`);
    }
  }

  private async load(consoleId: number, accountId: number): Promise<ConsoleEntity> {
    const console = await this.consoles.findOne({ where: { id: consoleId, accountId }, relations: { account: true } });
    if (!console || console.nodeId !== this.config.nodeId || !console.account) throw new ConsoleError(404, `No console with id ${consoleId}.`);
    return console;
  }

  /** The console's container, running, with its program started if it was not (a new console, or after a stop). */
  private async ready(console: ConsoleEntity, size?: { cols: number; rows: number }): Promise<{ container: ConsoleContainerRef; state: ConsoleProcessState }> {
    const { container, username } = await this.container(console);
    let state = await this.containers.sessionState(container, console.id);
    if (state.state === 'stopped') {
      await this.startSession(container, console, username, size);
      state = { state: 'running', exitStatus: null };
    }
    return { container, state };
  }

  /** Starts the console's program; one that a drain or a lost node ended is no longer "ended" once it runs again. */
  private async startSession(container: ConsoleContainerRef, console: ConsoleEntity, username: string, size?: { cols: number; rows: number }) {
    await this.containers.createSession(container, console, username, size);
    if (console.endedReason) await this.consoles.update({ id: console.id, nodeId: this.config.nodeId }, { endedReason: null });
  }

  /** Draws text in every terminal attached here whose connection is not in `told`, and adds them to it. */
  async noticeAttached(text: string, told: Set<string>): Promise<void> {
    for (const attachment of this.attachments.values()) {
      if (told.has(attachment.connectionId)) continue;
      told.add(attachment.connectionId);
      await attachment.notice(text);
    }
  }

  /** Ends a console's program for the platform (a drain's deadline): its connections are told why and closed. */
  async endConsole(console: ConsoleEntity, reason: string): Promise<void> {
    for (const attachment of [...this.attachments.values()].filter((a) => a.consoleId === console.id)) {
      await attachment.notice(`\r\n[panel] ${reason}\r\n`);
      await attachment.control({ type: 'closed', killed: true, reason });
      await attachment.close(reason);
    }
    const container = console.account ? await this.containers.findRunning(console.account.username, console.pythonVersion) : null;
    if (container) await this.containers.killSession(container, console.id);
  }

  private async container(console: ConsoleEntity): Promise<{ container: ConsoleContainerRef; username: string }> {
    let workspace;
    try {
      workspace = await this.workspaces.forAccount(console.accountId);
    } catch (error) {
      if (error instanceof JobFailure) throw new ConsoleError(404, error.message);
      throw error;
    }
    return { container: await this.containers.ensureRunning(workspace, console.pythonVersion), username: workspace.account.username };
  }

  private async attach(request: Extract<ConsoleNodeRequest, { type: 'attach' }>) {
    const previous = this.attachments.get(request.connectionId);
    if (previous) await previous.close('attached again');
    let attachment: ConsoleAttachment | undefined;
    try {
      const console = await this.load(request.consoleId, request.accountId);
      const size = { cols: request.cols, rows: request.rows };
      const { container, username } = await this.container(console);
      // Docker execs cost tens of milliseconds each: the state and the scrollback come in one.
      const found = await this.containers.stateAndHistory(container, console.id, SCROLLBACK_LINES);
      const history = found.history;
      let state = found.state;
      if (state.state === 'stopped') {
        await this.startSession(container, console, username, size);
        state = { state: 'running', exitStatus: null };
      }
      attachment = new ConsoleAttachment(
        { connectionId: request.connectionId, consoleId: console.id, container, cols: request.cols, rows: request.rows },
        this.containers,
        this.runtime,
        this.bus,
        (closed) => {
          if (this.attachments.get(closed.connectionId) === closed) this.attachments.delete(closed.connectionId);
        },
      );
      this.attachments.set(request.connectionId, attachment);
      await attachment.start(state, history);
    } catch (error) {
      const message = this.userMessage(error);
      await this.redis
        .publish(consoleOutputChannel(request.connectionId), frame(OutputTag.Control, JSON.stringify({ type: 'error', message, fatal: true })))
        .catch(() => undefined);
      await attachment?.close(`failed: ${message}`);
    }
  }

  private async answer(requestId: string, accountId: number, rpc: ConsoleRpc) {
    let reply: ConsoleRpcReply;
    try {
      reply = await this.rpc(accountId, rpc);
    } catch (error) {
      reply = { ok: false, status: error instanceof ConsoleError ? error.status : 500, message: this.userMessage(error) };
    }
    await this.redis.publish(consoleReplyChannel(requestId), JSON.stringify(reply)).catch(() => undefined);
  }

  private async rpc(accountId: number, rpc: ConsoleRpc): Promise<ConsoleRpcReply> {
    switch (rpc.op) {
      case 'start': {
        const console = await this.load(rpc.consoleId, accountId);
        const { container, username } = await this.container(console);
        await this.startSession(container, console, username);
        return { ok: true, state: { state: 'running', exitStatus: null } };
      }
      case 'restart': {
        const console = await this.load(rpc.consoleId, accountId);
        const { container, state } = await this.ready(console);
        if (state.state === 'exited' || state.state === 'running') await this.containers.respawn(container, console.id);
        return { ok: true, state: { state: 'running', exitStatus: null } };
      }
      case 'kill': {
        const console = await this.load(rpc.consoleId, accountId);
        const container = await this.containers.findRunning(console.account!.username, console.pythonVersion);
        if (container) await this.containers.killSession(container, console.id);
        return { ok: true };
      }
      case 'input': {
        const console = await this.load(rpc.consoleId, accountId);
        const { container } = await this.ready(console);
        await this.containers.sendInput(container, console.id, rpc.input);
        return { ok: true };
      }
      case 'output': {
        const console = await this.load(rpc.consoleId, accountId);
        const container = await this.containers.findRunning(console.account!.username, console.pythonVersion);
        const output = container ? await this.containers.capture(container, console.id, Math.min(Math.max(rpc.lines, 0), 10_000)) : '';
        return { ok: true, output };
      }
      case 'states': {
        const consoles = await this.consoles.find({ where: { accountId, nodeId: this.config.nodeId }, relations: { account: true } });
        const states: Record<string, ConsoleProcessState> = {};
        const versions = [...new Set(consoles.map((c) => c.pythonVersion))];
        await Promise.all(
          versions.map(async (version) => {
            const username = consoles[0].account!.username;
            const container = await this.containers.findRunning(username, version);
            const sessions = container ? await this.containers.sessionStates(container) : new Map<number, ConsoleProcessState>();
            for (const c of consoles.filter((c) => c.pythonVersion === version)) {
              states[c.id] = sessions.get(c.id) ?? { state: 'stopped', exitStatus: null };
            }
          }),
        );
        return { ok: true, states };
      }
    }
  }

  private userMessage(error: unknown): string {
    if (error instanceof ConsoleError) return error.message;
    this.logger.error(`console request failed: ${(error as Error).stack ?? error}`);
    return `The console's node ${this.config.nodeId} failed: ${(error as Error).message}`;
  }
}
