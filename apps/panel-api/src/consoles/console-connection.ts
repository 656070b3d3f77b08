import { ConsoleClientMessage, ConsoleCloseCode, ConsoleServerMessage } from '@panel/contracts';
import type { ConsoleEntity } from '@panel/database';
import { ConsoleControl, consoleInputChannel, consoleOutputChannel, frame, InputTag, OutputTag, unframe } from '@panel/console-relay';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ConsoleBridge } from './console-bridge';

const PING_MS = 2_000;
const ATTACH_RETRY_MS = 10_000;
/** A browser this far behind is dropped; reconnecting redraws the screen. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_QUEUED_INPUT_BYTES = 256 * 1024;

/**
 * One browser's WebSocket to one console, relayed through Redis to the worker of the console's node. When the
 * worker stops listening (it restarted), the connection attaches again: the browser sees the screen redrawn.
 */
export class ConsoleConnection {
  readonly connectionId = randomUUID();
  private state: 'attaching' | 'attached' | 'closed' = 'attaching';
  private queued: Buffer[] = [];
  private queuedBytes = 0;
  private lastAttach = 0;
  /** Whether a worker heard the last attach request (nobody does while it restarts). */
  private attachHeard = true;
  private pingTimer?: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly console: Pick<ConsoleEntity, 'id' | 'accountId' | 'nodeId'>,
    private readonly bridge: ConsoleBridge,
    private readonly size: { cols: number; rows: number },
    private readonly onClosed: () => void,
  ) {}

  async start() {
    this.ws.on('close', () => void this.close());
    this.ws.on('error', () => void this.close());
    this.ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => this.fromBrowser(toBuffer(data), isBinary));
    await this.bridge.subscribe(consoleOutputChannel(this.connectionId), (message) => this.fromWorker(message));
    if (this.state === 'closed') return;
    await this.attach();
    this.pingTimer = setInterval(() => void this.ping(), PING_MS);
  }

  private async attach() {
    if (this.state === 'closed') return;
    this.state = 'attaching';
    this.lastAttach = Date.now();
    const receivers = await this.bridge.sendToNode(this.console.nodeId, {
      type: 'attach',
      connectionId: this.connectionId,
      consoleId: this.console.id,
      accountId: this.console.accountId,
      cols: this.size.cols,
      rows: this.size.rows,
    });
    if (receivers === 0 && this.attachHeard) {
      this.send({ type: 'error', message: `The node ${this.console.nodeId} that runs this console is not answering; retrying.` });
    }
    this.attachHeard = receivers > 0;
  }

  /** PUBLISH tells whether the worker still has this connection; if not (it restarted), attach again. */
  private async ping() {
    if (this.state === 'closed') return;
    if (this.state === 'attaching') {
      if (!this.attachHeard || Date.now() - this.lastAttach > ATTACH_RETRY_MS) await this.attach();
      return;
    }
    const receivers = await this.bridge.publish(consoleInputChannel(this.connectionId), frame(InputTag.Ping)).catch(() => 1);
    if (receivers === 0 && this.state === 'attached') await this.attach();
  }

  private fromWorker(message: Buffer) {
    if (this.state === 'closed') return;
    const { tag, body } = unframe(message);
    if (tag === OutputTag.Data) {
      this.ws.send(body, { binary: true });
      if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) void this.close(ConsoleCloseCode.TooSlow, 'The browser fell behind the console; reconnecting.');
      return;
    }
    if (tag !== OutputTag.Control) return; // keepalives
    const control = JSON.parse(body.toString('utf8')) as ConsoleControl;
    switch (control.type) {
      case 'attached':
        this.state = 'attached';
        // The browser may have resized while we attached.
        void this.toWorker(frame(InputTag.Resize, JSON.stringify(this.size)));
        for (const input of this.queued.splice(0)) void this.toWorker(input);
        this.queuedBytes = 0;
        this.send({ type: 'attached' });
        break;
      case 'exited':
        this.send({ type: 'exited', exitStatus: control.exitStatus });
        break;
      case 'error':
        this.send({ type: 'error', message: control.message });
        if (control.fatal) void this.close(ConsoleCloseCode.Error, control.message);
        break;
      case 'closed':
        if (control.killed) void this.close(ConsoleCloseCode.Killed, control.reason);
        else void this.attach();
        break;
    }
  }

  private fromBrowser(data: Buffer, isBinary: boolean) {
    if (isBinary) return void this.input(frame(InputTag.Data, data));
    let message: ConsoleClientMessage;
    try {
      const parsed = ConsoleClientMessage.safeParse(JSON.parse(data.toString('utf8')));
      if (!parsed.success) return;
      message = parsed.data;
    } catch {
      return;
    }
    if (message.type === 'input') this.input(frame(InputTag.Data, message.data));
    else if (message.type === 'restart') this.input(frame(InputTag.Restart));
    else {
      this.size.cols = message.cols;
      this.size.rows = message.rows;
      if (this.state === 'attached') void this.toWorker(frame(InputTag.Resize, JSON.stringify(this.size)));
    }
  }

  private input(message: Buffer) {
    if (this.state === 'attached') return void this.toWorker(message);
    // Typed while (re)attaching: delivered once attached, within reason.
    if (this.queuedBytes + message.length > MAX_QUEUED_INPUT_BYTES) return;
    this.queued.push(message);
    this.queuedBytes += message.length;
  }

  private async toWorker(message: Buffer) {
    const receivers = await this.bridge.publish(consoleInputChannel(this.connectionId), message).catch(() => 1);
    if (receivers === 0 && this.state === 'attached') {
      if (message[0] === InputTag.Data || message[0] === InputTag.Restart) this.queued.push(message);
      await this.attach();
    }
  }

  private send(message: ConsoleServerMessage) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  async close(code?: number, reason?: string) {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearInterval(this.pingTimer);
    this.onClosed();
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code ?? 1000, closeReason(reason ?? ''));
    }
    // Best effort: if nobody hears it, the worker notices through its keepalives.
    await this.bridge.publish(consoleInputChannel(this.connectionId), frame(InputTag.Detach)).catch(() => undefined);
    await this.bridge.unsubscribe(consoleOutputChannel(this.connectionId));
  }
}

/** A close frame's reason is at most 123 bytes. */
function closeReason(reason: string): string {
  let r = reason;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1);
  return r;
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
