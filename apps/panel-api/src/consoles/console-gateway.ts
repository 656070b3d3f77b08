import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { PanelConfig } from '@panel/config';
import type { AccountEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { SessionsService } from '../auth/sessions.service';
import { TokensService } from '../tokens/tokens.service';
import { ConsoleBridge } from './console-bridge';
import { ConsoleConnection } from './console-connection';
import { ConsolesService } from './consoles.service';

const SOCKET_PATH = /^\/api\/consoles\/(\d{1,10})\/ws(?:\?|$)/;

/**
 * Consoles' WebSockets on panel-api's own HTTP server (GET /api/consoles/:id/ws). Every connect is authenticated on
 * its own (the session cookie, `Authorization: Token`, or a single-use ticket) and must be for one of the account's
 * consoles; a cookie-authenticated connect must come from the dashboard's origin, so another site (or a hosted app)
 * cannot open a console with the visitor's cookie.
 */
@Injectable()
export class ConsoleGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsoleGateway.name);
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024, perMessageDeflate: false });
  private readonly connections = new Set<ConsoleConnection>();
  private server?: Server;
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = SOCKET_PATH.exec(req.url ?? '');
    // Nothing else upgrades: any other path is answered and closed, never left open and unauthenticated.
    if (!match) {
      socket.on('error', () => undefined);
      return reject(socket, 404, 'Only console sockets (/api/consoles/<id>/ws) accept a connection upgrade.');
    }
    this.handle(req, socket, head, Number(match[1])).catch((error: Error) => {
      this.logger.error(`console socket: ${error.stack ?? error.message}`);
      reject(socket, 500, 'Something went wrong on our side.');
    });
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly consoles: ConsolesService,
    private readonly bridge: ConsoleBridge,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  onApplicationBootstrap() {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
  }

  /** Browsers reconnect on their own (1012: service restart) and find their consoles as they left them. */
  async beforeApplicationShutdown() {
    this.server?.off('upgrade', this.onUpgrade);
    await Promise.all([...this.connections].map((c) => c.close(1012, 'panel-api is restarting')));
    this.wss.close();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private async handle(req: IncomingMessage, socket: Duplex, head: Buffer, consoleId: number) {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://panel.invalid');
    const ticket = url.searchParams.get('ticket');
    let account: AccountEntity | null = null;
    if (ticket) {
      account = await this.consoles.redeemTicket(ticket, consoleId);
      if (!account) return reject(socket, 401, 'The ticket is not valid for this console, expired or already used.');
    } else if (req.headers.authorization) {
      const m = /^Token\s+(\S+)\s*$/i.exec(req.headers.authorization);
      account = m ? await this.tokens.authenticate(m[1]) : null;
      if (!account) return reject(socket, 401, 'Invalid or revoked API token.');
    } else {
      if (!this.sameOrigin(req)) return reject(socket, 403, 'Consoles open only from the dashboard.');
      const cookie = this.sessions.tokenFrom(parseCookies(req.headers.cookie));
      account = cookie ? ((await this.sessions.find(cookie))?.account ?? null) : null;
      if (!account) return reject(socket, 401, 'You are not logged in.');
    }
    const console = await this.consoles.findForSocket(account.id, consoleId);
    if (!console) return reject(socket, 404, `No console with id ${consoleId}.`);

    const cols = clampInt(url.searchParams.get('cols'), 2, 1000, 80);
    const rows = clampInt(url.searchParams.get('rows'), 2, 500, 24);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new ConsoleConnection(ws, console, this.bridge, { cols, rows }, () => this.connections.delete(connection));
      this.connections.add(connection);
      connection.start().catch((error: Error) => {
        this.logger.error(`console ${consoleId} connection: ${error.message}`);
        void connection.close(4500, 'The console could not be attached.');
      });
    });
  }

  /** The browser's Origin, when it sends one, must be the dashboard's (its public URL or the host it asked). */
  private sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return true; // not a browser: no ambient cookie to abuse
    try {
      const parsed = new URL(origin);
      return parsed.origin === new URL(this.config.api.publicUrl).origin || parsed.host === req.headers.host;
    } catch {
      return false;
    }
  }
}

function reject(socket: Duplex, status: number, message: string) {
  if (socket.destroyed) return;
  const body = JSON.stringify({ statusCode: status, message });
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      cookies[name] = part.slice(eq + 1).trim();
    }
  }
  return cookies;
}

function clampInt(value: string | null, min: number, max: number, fallback: number): number {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
