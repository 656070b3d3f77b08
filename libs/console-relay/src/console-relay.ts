/**
 * How panel-api and a node's worker talk about consoles over Redis (panel-api never talks to Docker):
 *
 * - requests go to the node's channel as JSON (ConsoleNodeRequest): `attach` a browser connection, or an RPC whose
 *   answer comes back on a reply channel of its own (ConsoleRpcReply);
 * - an attached connection has two channels: input (panel-api -> worker) and output (worker -> panel-api), whose
 *   messages are a one-byte tag and a body (binary safe, so terminal bytes pass through untouched).
 *
 * PUBLISH answers how many subscribers got a message: both sides use that to notice the other went away (a
 * restarted worker or panel-api) and re-attach or let go.
 */

export const consoleNodeChannel = (nodeId: string): string => `panel:consoles:node:${nodeId}`;
export const consoleReplyChannel = (requestId: string): string => `panel:consoles:reply:${requestId}`;
export const consoleInputChannel = (connectionId: string): string => `panel:consoles:in:${connectionId}`;
export const consoleOutputChannel = (connectionId: string): string => `panel:consoles:out:${connectionId}`;
/** Single-use WebSocket tickets (POST /api/consoles/:id/ticket), by the ticket's SHA-256. */
export const consoleTicketKey = (ticketHash: string): string => `panel:consoles:ticket:${ticketHash}`;

export type ConsoleRpc =
  /** Starts the console's program (its row exists) if it is not running. */
  | { op: 'start'; consoleId: number }
  | { op: 'kill'; consoleId: number }
  | { op: 'restart'; consoleId: number }
  | { op: 'input'; consoleId: number; input: string }
  /** The recent output as plain text (the screen and the scrollback above it). */
  | { op: 'output'; consoleId: number; lines: number }
  /** The state of every console of the account on this node. */
  | { op: 'states'; accountId: number };

export type ConsoleNodeRequest =
  | { type: 'attach'; connectionId: string; consoleId: number; accountId: number; cols: number; rows: number }
  | { type: 'rpc'; requestId: string; accountId: number; rpc: ConsoleRpc };

export interface ConsoleProcessState {
  state: 'running' | 'exited' | 'stopped';
  exitStatus: number | null;
}

export type ConsoleRpcReply =
  | { ok: true; state?: ConsoleProcessState; states?: Record<string, ConsoleProcessState>; output?: string }
  | { ok: false; status: number; message: string };

/** Tags of the messages on a connection's input channel. */
export const InputTag = {
  Data: 0x69, // 'i': keystrokes
  Resize: 0x72, // 'r': {"cols","rows"}
  Ping: 0x70, // 'p': nothing; panel-api learns from PUBLISH whether the worker still listens
  Restart: 0x52, // 'R': restart an exited program
  Detach: 0x64, // 'd': the browser went away
} as const;

/** Tags of the messages on a connection's output channel. */
export const OutputTag = {
  Data: 0x6f, // 'o': terminal output
  Control: 0x63, // 'c': JSON ConsoleControl
  KeepAlive: 0x6b, // 'k': nothing; the worker learns from PUBLISH whether panel-api still listens
} as const;

export type ConsoleControl =
  | { type: 'attached' }
  | { type: 'exited'; exitStatus: number | null }
  | { type: 'error'; message: string; fatal: boolean }
  /** The attachment ended: the console was killed (the connection ends), or not (panel-api attaches again). */
  | { type: 'closed'; killed: boolean; reason: string };

export const frame = (tag: number, body?: Buffer | string): Buffer => {
  const payload = body === undefined ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from([tag]), payload]);
};

export const unframe = (message: Buffer): { tag: number; body: Buffer } => ({ tag: message[0], body: message.subarray(1) });

/** The tmux session of a console in its container. */
export const consoleSessionName = (consoleId: number): string => `c${consoleId}`;
