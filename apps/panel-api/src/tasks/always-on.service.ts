import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { alwaysOnLogPath, type AlwaysOnLogView, type AlwaysOnTaskView, CreateAlwaysOnTaskRequest, UpdateAlwaysOnTaskRequest } from '@panel/contracts';
import { AccountEntity, AlwaysOnTaskEntity } from '@panel/database';
import { accountWebDirs, readAccountFile } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { basename, join } from 'node:path';
import { DataSource, Repository } from 'typeorm';
import { z } from 'zod';
import { ConsolesService } from '../consoles/consoles.service';
import { HomeNodes } from '../nodes/home-nodes.service';
import { TasksException } from './tasks.exceptions';
import { TasksService } from './tasks.service';

/** The end of an always-on task's log that the tab and the API show. */
const LOG_TAIL_BYTES = 64 * 1024;

/**
 * Always-on tasks: what the user asks for is written here (an edit or a restart raises the revision, which the node's
 * worker turns into a new container); what runs is the worker's to report (state, restarts, last exit code).
 */
@Injectable()
export class AlwaysOnService {
  constructor(
    @InjectRepository(AlwaysOnTaskEntity) private readonly tasks: Repository<AlwaysOnTaskEntity>,
    private readonly dataSource: DataSource,
    private readonly scheduled: TasksService,
    private readonly homeNodes: HomeNodes,
    private readonly consoles: ConsolesService,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /** The account's always-on task, or a 404 (another account's looks exactly like a missing one). */
  async find(account: AccountEntity, id: number | string): Promise<AlwaysOnTaskEntity> {
    const numeric = typeof id === 'number' ? id : /^\d{1,10}$/.test(id) ? Number(id) : NaN;
    const found = Number.isSafeInteger(numeric) ? await this.tasks.findOneBy({ id: numeric, accountId: account.id }) : null;
    if (!found) throw new TasksException('TASK_NOT_FOUND', `No always-on task with id ${id}.`);
    return found;
  }

  async list(account: AccountEntity): Promise<AlwaysOnTaskView[]> {
    return (await this.tasks.find({ where: { accountId: account.id }, order: { id: 'ASC' } })).map(toAlwaysOnView);
  }

  async get(account: AccountEntity, id: number | string): Promise<AlwaysOnTaskView> {
    return toAlwaysOnView(await this.find(account, id));
  }

  async create(account: AccountEntity, body: z.output<typeof CreateAlwaysOnTaskRequest>): Promise<AlwaysOnTaskView> {
    const workingDirectory = await this.scheduled.workingDirectory(account, body.workingDirectory ?? undefined);
    // Before the account's row lock below: choosing a home node writes that row.
    await this.homeNodes.forAccount(account);
    const row = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT id FROM accounts WHERE id = ? FOR UPDATE', [account.id]);
      const count = await manager.countBy(AlwaysOnTaskEntity, { accountId: account.id });
      const max = this.config.tasks.maxAlwaysOn;
      if (count >= max) throw new TasksException('TASK_LIMIT_REACHED', `You already have ${count} always-on tasks, the most an account may have (${max}). Delete one to add another.`);
      return manager.save(
        manager.create(AlwaysOnTaskEntity, {
          accountId: account.id,
          command: body.command,
          description: body.description,
          enabled: body.enabled,
          workingDirectory,
          virtualenv: body.virtualenv ?? null,
          state: body.enabled ? 'starting' : 'paused',
        }),
      );
    });
    await this.consoles.prepareApiToken(account).catch(() => undefined);
    return toAlwaysOnView(row);
  }

  /** An edit starts the task again with what changed; enabling or pausing alone keeps its revision. */
  async update(account: AccountEntity, id: number | string, changes: z.output<typeof UpdateAlwaysOnTaskRequest>): Promise<AlwaysOnTaskView> {
    const row = await this.find(account, id);
    const fields: Partial<AlwaysOnTaskEntity> = {};
    if (changes.command !== undefined) fields.command = changes.command;
    if (changes.description !== undefined) fields.description = changes.description;
    if (changes.workingDirectory !== undefined) fields.workingDirectory = await this.scheduled.workingDirectory(account, changes.workingDirectory ?? undefined);
    if (changes.virtualenv !== undefined) fields.virtualenv = changes.virtualenv;
    const restart = ['command', 'workingDirectory', 'virtualenv'].some((k) => k in fields && fields[k as keyof typeof fields] !== row[k as keyof AlwaysOnTaskEntity]);
    if (changes.enabled !== undefined && changes.enabled !== row.enabled) {
      fields.enabled = changes.enabled;
      fields.state = changes.enabled ? 'starting' : 'paused';
      fields.stateChangedAt = new Date();
    }
    if (restart) Object.assign(fields, { revision: row.revision + 1, restarts: 0, state: (fields.enabled ?? row.enabled) ? 'starting' : 'paused', stateChangedAt: new Date() });
    if (Object.keys(fields).length) await this.tasks.update({ id: row.id }, fields);
    return this.get(account, row.id);
  }

  /** A new container for it (the old one is stopped by the node's worker within seconds). */
  async restart(account: AccountEntity, id: number | string): Promise<AlwaysOnTaskView> {
    const row = await this.find(account, id);
    if (!row.enabled) throw new TasksException('TASK_PAUSED', 'The task is paused: enable it to start it.');
    await this.tasks.update({ id: row.id }, { revision: row.revision + 1, restarts: 0, state: 'starting', stateChangedAt: new Date(), message: null });
    return this.get(account, row.id);
  }

  /** Forgets the task; its node's worker stops its container. Its log stays in /var/log. */
  async delete(account: AccountEntity, id: number | string): Promise<void> {
    const row = await this.find(account, id);
    await this.tasks.delete({ id: row.id });
  }

  /** The end of its log, read as root without following a link the account may have put in its place. */
  async log(account: AccountEntity, id: number | string): Promise<AlwaysOnLogView> {
    const row = await this.find(account, id);
    const path = join(accountWebDirs(this.config, account.username).log, basename(alwaysOnLogPath(row.id)));
    const file = await readAccountFile(path, { maxBytes: LOG_TAIL_BYTES, tail: true });
    return { log: file?.text ?? '', size: file?.size ?? 0 };
  }
}

export function toAlwaysOnView(row: AlwaysOnTaskEntity): AlwaysOnTaskView {
  return {
    id: row.id,
    command: row.command,
    description: row.description,
    enabled: row.enabled,
    state: row.enabled ? row.state : 'paused',
    workingDirectory: row.workingDirectory,
    virtualenv: row.virtualenv,
    logfile: alwaysOnLogPath(row.id),
    restarts: row.restarts,
    lastExitCode: row.lastExitCode,
    message: row.message,
    nodeId: row.nodeId,
    stateChangedAt: row.stateChangedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
