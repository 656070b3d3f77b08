import type { ConsoleServerMessage } from '@panel/contracts';
import { StringDecoder } from 'node:string_decoder';
import WebSocket from 'ws';

export interface ConsoleSocketAuth {
  cookie?: string;
  token?: string;
  ticket?: string;
  origin?: string;
}

/** A console's WebSocket as the dashboard uses it, for tests: everything it printed, as text. */
export class ConsoleSocket {
  output = '';
  readonly messages: ConsoleServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly decoder = new StringDecoder('utf8');
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (isBinary) this.output += this.decoder.write(buffer);
      else this.messages.push(JSON.parse(buffer.toString('utf8')) as ConsoleServerMessage);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  /** Opens the socket; rejects with the HTTP status when the server refuses the upgrade. */
  static open(baseUrl: string, consoleId: number, auth: ConsoleSocketAuth, size = { cols: 120, rows: 30 }): Promise<ConsoleSocket> {
    const url = new URL(`/api/consoles/${consoleId}/ws`, baseUrl.replace(/^http/, 'ws'));
    url.searchParams.set('cols', String(size.cols));
    url.searchParams.set('rows', String(size.rows));
    if (auth.ticket) url.searchParams.set('ticket', auth.ticket);
    const headers: Record<string, string> = {};
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.token) headers.authorization = `Token ${auth.token}`;
    if (auth.origin) headers.origin = auth.origin;
    const ws = new WebSocket(url, { headers });
    const socket = new ConsoleSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode} ${body}`), { status: res.statusCode, body })));
      });
      ws.once('error', reject);
    });
  }

  private wake() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves when `test` holds (checked on every message), or rejects after the timeout with what was seen. */
  async until(test: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; output so far:\n${visible(this.output).replace(/\n{3,}/g, "\n\n").slice(-2000)}\nmessages: ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for text in the output after `from` (an offset from mark()). */
  waitFor(pattern: string | RegExp, from = 0, timeoutMs = 20_000): Promise<void> {
    const test = () => {
      const text = visible(this.output.slice(from));
      return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
    };
    return this.until(test, String(pattern), timeoutMs);
  }

  waitForMessage(type: ConsoleServerMessage['type'], timeoutMs = 20_000): Promise<void> {
    return this.until(() => this.messages.some((m) => m.type === type), `a "${type}" message`, timeoutMs);
  }

  mark(): number {
    return this.output.length;
  }

  /**
   * Ctrl-C until the program in front stops and bash prompts again, as a person presses it again when the first one
   * did not take: bash can miss a SIGINT that lands while it hands the terminal between a loop's commands.
   */
  async interrupt(prompt: RegExp = /\$ $/m, attempts = 3): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const mark = this.mark();
      this.type('\x03');
      try {
        await this.waitFor(prompt, mark, 3_000);
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
    }
  }

  type(text: string) {
    this.ws.send(Buffer.from(text, 'utf8'), { binary: true });
  }

  resize(cols: number, rows: number) {
    this.ws.send(JSON.stringify({ type: 'resize', cols, rows }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.ws.close();
    await this.until(() => this.closed !== null, 'the socket to close', 5_000).catch(() => this.ws.terminate());
  }
}

/** Terminal output without escape sequences, for matching text. */
export function visible(text: string): string {
  return text
    .replace(/\x1b\[[0-9;?>=!]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
    .replace(/\x1b[()][0-9A-Za-z]/g, '')
    .replace(/\x1b[=>78cDEHM]/g, '')
    .replace(/\r/g, '');
}
