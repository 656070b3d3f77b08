import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import {
  ConsoleKind,
  consoleSocketPath,
  ConsoleState,
  ConsoleTicketView,
  ConsoleView,
  CreateConsoleRequest,
  accountPythonVersion,
  defaultConsoleName,
} from '@panel/contracts';
import { AccountEntity, ApiTokenEntity, ConsoleEntity } from '@panel/database';
import { ConsoleProcessState, consoleTicketKey } from '@panel/console-relay';
import { accountContainerHome, accountHostHome, HomeFsError, readAccountFile, writeOwnedFile } from '@panel/home-fs';
import { PANEL_CONFIG, REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, IsNull, Repository } from 'typeorm';
import { z } from 'zod';
import { randomToken, sha256 } from '../auth/secrets';
import { HomeNodes } from '../nodes/home-nodes.service';
import { TokensService } from '../tokens/tokens.service';
import { openAccountHome } from '../common/account-home';
import { ConsoleBridge } from './console-bridge';
import { ConsolesException } from './consoles.exceptions';

/** The API token consoles get as $API_TOKEN; the file is read by the console's start script. */
export const CONSOLE_TOKEN_NAME = 'Consoles ($API_TOKEN)';
export const CONSOLE_TOKEN_FILE = '.panel-api-token';
const TICKET_TTL_SECONDS = 60;
const START_TIMEOUT_MS = 60_000;
const STATES_TIMEOUT_MS = 3_000;

export interface ConsoleSpec {
  kind: ConsoleKind;
  pythonVersion: string;
  database: string | null;
  command: string | null;
  workingDirectory: string | undefined;
  name: string | undefined;
  /** As the PythonAnywhere API was given them; derived from the kind otherwise. */
  executable?: string;
  arguments?: string;
}

/** The dashboard's and the PythonAnywhere API's consoles: rows here, processes on the console's node. */
@Injectable()
export class ConsolesService {
  private readonly logger = new Logger(ConsolesService.name);

  constructor(
    @InjectRepository(ConsoleEntity) private readonly consoles: Repository<ConsoleEntity>,
    private readonly homeNodes: HomeNodes,
    @InjectRepository(ApiTokenEntity) private readonly apiTokens: Repository<ApiTokenEntity>,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly dataSource: DataSource,
    private readonly bridge: ConsoleBridge,
    private readonly tokens: TokensService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /** The account's console, or a 404 (another account's console looks exactly like a missing one). */
  async find(account: AccountEntity, id: number | string): Promise<ConsoleEntity> {
    const numeric = typeof id === 'number' ? id : /^\d{1,10}$/.test(id) ? Number(id) : NaN;
    const found = Number.isSafeInteger(numeric) ? await this.consoles.findOneBy({ id: numeric, accountId: account.id }) : null;
    if (!found) throw new ConsolesException('CONSOLE_NOT_FOUND', `No console with id ${id}.`);
    return found;
  }

  async list(account: AccountEntity): Promise<ConsoleView[]> {
    const rows = await this.consoles.find({ where: { accountId: account.id }, order: { id: 'ASC' } });
    const states = await this.statesOf(account, rows);
    return rows.map((row) => this.toView(row, states.get(row.id)));
  }

  async get(account: AccountEntity, id: number | string): Promise<ConsoleView> {
    const row = await this.find(account, id);
    return this.toView(row, (await this.statesOf(account, [row])).get(row.id));
  }

  /** What the nodes say about the consoles' processes; a node that does not answer leaves them "unknown". */
  private async statesOf(account: AccountEntity, rows: ConsoleEntity[]): Promise<Map<number, ConsoleProcessState | undefined>> {
    const states = new Map<number, ConsoleProcessState | undefined>();
    const nodeIds = [...new Set(rows.map((r) => r.nodeId))];
    await Promise.all(
      nodeIds.map(async (nodeId) => {
        try {
          const reply = await this.bridge.rpc(nodeId, account.id, { op: 'states', accountId: account.id }, STATES_TIMEOUT_MS);
          for (const [id, state] of Object.entries(reply.states ?? {})) states.set(Number(id), state);
        } catch (error) {
          this.logger.debug(`console states from node ${nodeId}: ${(error as Error).message}`);
        }
      }),
    );
    return states;
  }

  toView(row: ConsoleEntity, state?: ConsoleProcessState): ConsoleView {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      pythonVersion: row.pythonVersion,
      database: row.databaseName,
      executable: row.executable,
      arguments: row.arguments,
      workingDirectory: row.workingDirectory,
      nodeId: row.nodeId,
      // Ended by a drain or a lost node until its program runs again (the node clears the reason when it starts it).
      state: row.endedReason && state?.state !== 'running' ? 'ended' : ((state?.state ?? 'unknown') as ConsoleState),
      exitStatus: state?.exitStatus ?? null,
      endedReason: row.endedReason && state?.state !== 'running' ? row.endedReason : null,
      url: `/consoles/${row.id}`,
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** From the dashboard's request (already validated by CreateConsoleRequest). */
  specFromRequest(account: AccountEntity, body: z.output<typeof CreateConsoleRequest>): ConsoleSpec {
    const pythonVersion = body.pythonVersion ?? accountPythonVersion(account, body.pythonDefault ?? 'python3');
    const database = body.kind === 'mysql' || body.kind === 'postgres' ? this.accountDatabase(account, body.database) : null;
    return {
      kind: body.kind,
      pythonVersion,
      database,
      command: body.kind === 'custom' ? body.command! : null,
      workingDirectory: body.workingDirectory,
      name: body.name,
    };
  }

  /** MySQL and PostgreSQL databases are "<username>$name"; "name" alone means the account's own. */
  private accountDatabase(account: AccountEntity, database: string | undefined): string {
    if (!database) return `${account.username}$default`;
    const dollar = database.indexOf('$');
    if (dollar < 0) return `${account.username}$${database}`;
    if (database.slice(0, dollar) !== account.username) {
      throw new ConsolesException('CONSOLE_DATABASE_NOT_OWN', `You can open only your own databases, whose names start with "${account.username}$".`);
    }
    return database;
  }

  /** Creates the console and starts its program at once; on any failure nothing is left behind. */
  async create(account: AccountEntity, spec: ConsoleSpec): Promise<ConsoleView> {
    const workingDirectory = await this.workingDirectory(account, spec.workingDirectory);
    const { executable, args } = this.programOf(spec);
    // Before the account's row lock below: choosing a home node writes that row.
    const nodeId = await this.homeNodes.forAccount(account);
    // A console whose program exited (or that ended with its node) holds no process: it does not count toward the
    // limit. Asked of the nodes only when the limit could be reached, and before the row lock (it is a round trip).
    const existing = await this.consoles.findBy({ accountId: account.id });
    const finished = new Set<number>();
    if (existing.length >= this.config.consoles.max) {
      const states = await this.statesOf(account, existing);
      for (const c of existing) if (states.get(c.id)?.state === 'exited' || (c.endedReason && states.get(c.id)?.state !== 'running')) finished.add(c.id);
    }
    const row = await this.dataSource.transaction(async (manager) => {
      // The account's row lock makes "count, then insert" safe against two creations at once.
      await manager.query('SELECT id FROM accounts WHERE id = ? FOR UPDATE', [account.id]);
      const rows = await manager.find(ConsoleEntity, { where: { accountId: account.id }, select: { id: true } });
      const count = rows.filter((c) => !finished.has(c.id)).length;
      if (count >= this.config.consoles.max) {
        throw new ConsolesException(
          'CONSOLE_LIMIT_REACHED',
          `You already have ${count} running consoles, the most an account may have (${this.config.consoles.max}). Kill one of them to start another.`,
        );
      }
      return manager.save(
        manager.create(ConsoleEntity, {
          accountId: account.id,
          name: spec.name ?? defaultConsoleName(spec.kind, spec.pythonVersion, spec.database, spec.command),
          kind: spec.kind,
          pythonVersion: spec.pythonVersion,
          databaseName: spec.database,
          command: spec.command,
          executable,
          arguments: args,
          workingDirectory,
          nodeId,
        }),
      );
    });
    await this.prepareApiToken(account).catch((error: Error) => this.logger.warn(`$API_TOKEN for ${account.username}: ${error.message}`));
    try {
      const reply = await this.bridge.rpc(row.nodeId, account.id, { op: 'start', consoleId: row.id }, START_TIMEOUT_MS);
      return this.toView(row, reply.state);
    } catch (error) {
      await this.consoles.delete({ id: row.id });
      throw error;
    }
  }

  private programOf(spec: ConsoleSpec): { executable: string; args: string } {
    if (spec.executable !== undefined) return { executable: spec.executable, args: spec.arguments ?? '' };
    switch (spec.kind) {
      case 'bash':
        return { executable: 'bash', args: '' };
      case 'python':
        return { executable: `python${spec.pythonVersion}`, args: '' };
      case 'mysql':
        return { executable: 'mysql', args: spec.database ?? '' };
      case 'postgres':
        return { executable: 'psql', args: spec.database ?? '' };
      case 'custom':
        return { executable: 'bash', args: `-c ${shellQuote(spec.command ?? '')}` };
    }
  }

  /** A directory in the home, as the container sees it; the home itself by default. */
  private async workingDirectory(account: AccountEntity, given: string | undefined): Promise<string> {
    const containerHome = accountContainerHome(account.username);
    if (!given) return containerHome;
    let relative: string;
    try {
      const home = await openAccountHome(this.config, account);
      relative = await home.locate(given);
      await home.withDirectory(relative, async () => undefined);
    } catch (error) {
      // Any other refusal (a file, a link root does not follow, missing) reads as missing: a console starts in a folder.
      if (error instanceof HomeFsError && error.code === 'outside') throw new ConsolesException('CONSOLE_WORKING_DIRECTORY_OUTSIDE', error.message);
      if (error instanceof HomeFsError) throw new ConsolesException('CONSOLE_WORKING_DIRECTORY_MISSING', `The working directory ${given} does not exist in your home.`);
      throw error;
    }
    return relative ? `${containerHome}/${relative}` : containerHome;
  }

  /**
   * $API_TOKEN in consoles, as on PythonAnywhere: when the account uses API tokens, consoles get a token of their
   * own (listed with the others, revocable), kept in ~/.panel-api-token (mode 0600) for the console to read.
   */
  async prepareApiToken(account: AccountEntity): Promise<void> {
    const path = join(accountHostHome(this.config, account.username), CONSOLE_TOKEN_FILE);
    const active = await this.apiTokens.find({ where: { accountId: account.id, revokedAt: IsNull() } });
    if (!active.length) {
      await unlink(path).catch(() => undefined); // unlink(2) never follows a link; the home itself is in root's folder
      return;
    }
    const current = (await readAccountFile(path, { maxBytes: 4096 }))?.text.trim();
    if (current && active.some((t) => t.tokenHash === sha256(current))) return;
    const created = await this.tokens.create(account.id, CONSOLE_TOKEN_NAME);
    await writeOwnedFile(path, `${created.token}\n`, account.uid!, 0o600);
  }

  async rename(account: AccountEntity, id: string, name: string): Promise<ConsoleView> {
    const row = await this.find(account, id);
    await this.consoles.update({ id: row.id }, { name });
    return this.get(account, row.id);
  }

  /** Ends the program and forgets the console. A node that is down cleans the session up when it comes back. */
  async kill(account: AccountEntity, id: string): Promise<void> {
    const row = await this.find(account, id);
    try {
      await this.bridge.rpc(row.nodeId, account.id, { op: 'kill', consoleId: row.id });
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      this.logger.warn(`console ${row.id}: ${error.message}; deleting it anyway`);
    }
    await this.consoles.delete({ id: row.id });
  }

  async restart(account: AccountEntity, id: string): Promise<ConsoleView> {
    const row = await this.find(account, id);
    const reply = await this.bridge.rpc(row.nodeId, account.id, { op: 'restart', consoleId: row.id }, START_TIMEOUT_MS);
    return this.toView(row, reply.state);
  }

  async sendInput(account: AccountEntity, id: string, input: string): Promise<void> {
    const row = await this.find(account, id);
    await this.bridge.rpc(row.nodeId, account.id, { op: 'input', consoleId: row.id, input }, START_TIMEOUT_MS);
  }

  async latestOutput(account: AccountEntity, id: string, lines = 500): Promise<string> {
    const row = await this.find(account, id);
    return (await this.bridge.rpc(row.nodeId, account.id, { op: 'output', consoleId: row.id, lines })).output ?? '';
  }

  /** A single-use permission to open the console's WebSocket within a minute, for clients without the cookie. */
  async ticket(account: AccountEntity, id: string): Promise<ConsoleTicketView> {
    const row = await this.find(account, id);
    const ticket = randomToken(24);
    await this.redis.set(consoleTicketKey(sha256(ticket)), JSON.stringify({ accountId: account.id, consoleId: row.id }), 'EX', TICKET_TTL_SECONDS);
    return {
      ticket,
      url: `${consoleSocketPath(row.id)}?ticket=${ticket}`,
      expiresAt: new Date(Date.now() + TICKET_TTL_SECONDS * 1000).toISOString(),
    };
  }

  /** The account a ticket was given to, if it is for this console and unused (it is used up either way). */
  async redeemTicket(ticket: string, consoleId: number): Promise<AccountEntity | null> {
    const raw = await this.redis.getdel(consoleTicketKey(sha256(ticket)));
    if (!raw) return null;
    const { accountId, consoleId: forConsole } = JSON.parse(raw) as { accountId: number; consoleId: number };
    if (forConsole !== consoleId) return null;
    return this.accounts.findOneBy({ id: accountId });
  }

  /** The console a socket asks for, if it is the account's. */
  findForSocket(accountId: number, consoleId: number): Promise<ConsoleEntity | null> {
    return this.consoles.findOneBy({ id: consoleId, accountId });
  }
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
