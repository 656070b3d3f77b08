import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { JobName, type AccountRole, type AdminAccountsPage, type AdminAccountsQuery, type AdminAccountView, type AdminDeleteAccountView, type OneTimePasswordView } from '@panel/contracts';
import { AccountEntity, AlwaysOnTaskEntity, ApiTokenEntity, ConsoleEntity, JobEntity, ScheduledTaskEntity, WebAppEntity } from '@panel/database';
import { toJobView } from '@panel/jobs';
import { In, Repository } from 'typeorm';
import { AccountsService, toAccountView } from '../accounts/accounts.service';
import { randomToken } from '../auth/secrets';
import { hashPassword } from '../auth/passwords';
import { SessionsService } from '../auth/sessions.service';
import { ConsolesService } from '../consoles/consoles.service';
import { MysqlAdmin } from '../databases/mysql-admin.service';
import { PostgresAdmin } from '../databases/postgres-admin.service';
import { FilesService } from '../files/files.service';
import { JobsService } from '../jobs/jobs.service';
import { HomeNodes } from '../nodes/home-nodes.service';
import { AlwaysOnService } from '../tasks/always-on.service';
import { TasksService } from '../tasks/tasks.service';
import { WebAppsService } from '../webapps/webapps.service';
import { AdminException } from './admin.exceptions';
import { AuditLogService } from './audit-log.service';

/** LIKE's own characters in a search, taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A password the platform makes for an operator to hand over: 16 URL-safe characters (96 random bits). */
const oneTimePassword = () => randomToken(12);

/**
 * The Admin page's account management. Disabling keeps everything the account stored: its web apps are stopped (and
 * remembered, so enabling starts exactly those again), its consoles end, its sessions end and its tokens are refused
 * while it is disabled. Every action is written to the audit log.
 */
@Injectable()
export class AdminAccountsService {
  private readonly logger = new Logger(AdminAccountsService.name);

  constructor(
    @InjectRepository(AccountEntity) private readonly accountsRepo: Repository<AccountEntity>,
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @InjectRepository(ConsoleEntity) private readonly consoles: Repository<ConsoleEntity>,
    @InjectRepository(ScheduledTaskEntity) private readonly scheduledTasks: Repository<ScheduledTaskEntity>,
    @InjectRepository(AlwaysOnTaskEntity) private readonly alwaysOnTasks: Repository<AlwaysOnTaskEntity>,
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    @InjectRepository(JobEntity) private readonly jobsRepo: Repository<JobEntity>,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly webappsService: WebAppsService,
    private readonly consolesService: ConsolesService,
    private readonly files: FilesService,
    private readonly audit: AuditLogService,
    private readonly tasks: TasksService,
    private readonly alwaysOn: AlwaysOnService,
    private readonly mysql: MysqlAdmin,
    private readonly postgres: PostgresAdmin,
    private readonly jobs: JobsService,
    private readonly homeNodes: HomeNodes,
  ) {}

  async page(query: AdminAccountsQuery): Promise<AdminAccountsPage> {
    const qb = this.accountsRepo.createQueryBuilder('a').orderBy('a.id', 'ASC');
    if (query.search) qb.where('a.username LIKE :search', { search: `%${likeLiteral(query.search.toLowerCase())}%` });
    const [rows, total] = await qb
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const views = await this.views(rows);
    return { accounts: views, total, page: query.page, pageSize: query.pageSize };
  }

  private async views(rows: AccountEntity[]): Promise<AdminAccountView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const count = async (repo: Repository<WebAppEntity> | Repository<ConsoleEntity>) => {
      const counted: { accountId: number; n: string }[] = await repo
        .createQueryBuilder('x')
        .select('x.account_id', 'accountId')
        .addSelect('COUNT(*)', 'n')
        .where({ accountId: In(ids) })
        .groupBy('x.account_id')
        .getRawMany();
      return new Map(counted.map((c) => [Number(c.accountId), Number(c.n)]));
    };
    const [webapps, consoles] = await Promise.all([count(this.webapps), count(this.consoles)]);
    const disk = await Promise.all(
      rows.map((row) =>
        this.files.diskUsage(row).then(
          (usage) => usage.usedBytes,
          // A home that cannot be read (removed by hand) is shown as empty rather than failing the whole page.
          () => 0,
        ),
      ),
    );
    return rows.map((row, i) => ({
      ...toAccountView(row),
      disabledAt: row.disabledAt?.toISOString() ?? null,
      webapps: webapps.get(row.id) ?? 0,
      consoles: consoles.get(row.id) ?? 0,
      diskBytes: disk[i],
      homeNodeId: row.homeNodeId,
    }));
  }

  async view(account: AccountEntity): Promise<AdminAccountView> {
    return (await this.views([account]))[0];
  }

  async find(id: number): Promise<AccountEntity> {
    const account = await this.accountsRepo.findOneBy({ id });
    if (!account) throw new AdminException('ADMIN_ACCOUNT_NOT_FOUND', `There is no account with id ${id}.`);
    return account;
  }

  async create(actor: AccountEntity, username: string, role: AccountRole, password: string | undefined): Promise<OneTimePasswordView> {
    const made = password ? null : oneTimePassword();
    const account = await this.accounts.create(username, password ?? made!, role);
    await this.audit.record(actor, 'account.create', account, `role ${role}${made ? ', one-time password' : ''}`);
    return { account: await this.view(account), password: made };
  }

  async disable(actor: AccountEntity, id: number): Promise<AdminAccountView> {
    const account = await this.find(id);
    if (account.id === actor.id) throw new AdminException('ADMIN_NOT_YOURSELF', 'You cannot disable your own account.');
    if (account.disabledAt) throw new AdminException('ADMIN_ALREADY', `${account.username} is already disabled.`);
    const enabled = await this.webapps.find({ where: { accountId: account.id, enabled: true }, order: { id: 'ASC' } });
    // Marked first, so no new session, token use or console can start while its work is being stopped.
    await this.accountsRepo.update({ id: account.id }, { disabledAt: new Date(), suspendedWebappIds: enabled.map((a) => a.id) });
    await this.sessions.deleteAll(account.id);
    for (const app of enabled) await this.webappsService.disable(account, app.domain);
    let ended = 0;
    for (const console of await this.consoles.findBy({ accountId: account.id })) {
      try {
        await this.consolesService.kill(account, String(console.id));
        ended++;
      } catch (error) {
        this.logger.warn(`disabling ${account.username}: console ${console.id} did not end: ${(error as Error).message}`);
      }
    }
    await this.audit.record(actor, 'account.disable', account, `${enabled.length} web app(s) stopped, ${ended} console(s) ended`);
    return this.view(await this.find(id));
  }

  async enable(actor: AccountEntity, id: number): Promise<AdminAccountView> {
    const account = await this.find(id);
    if (!account.disabledAt) throw new AdminException('ADMIN_ALREADY', `${account.username} is not disabled.`);
    const suspended = account.suspendedWebappIds ?? [];
    await this.accountsRepo.update({ id: account.id }, { disabledAt: null, suspendedWebappIds: null });
    const fresh = await this.find(id);
    const apps = suspended.length ? await this.webapps.findBy({ accountId: account.id, id: In(suspended) }) : [];
    for (const app of apps) await this.webappsService.enable(fresh, app.domain);
    await this.audit.record(actor, 'account.enable', account, `${apps.length} web app(s) started again`);
    return this.view(fresh);
  }

  /** A new one-time password, shown once; every session of the account ends. */
  async resetPassword(actor: AccountEntity, id: number): Promise<OneTimePasswordView> {
    const account = await this.find(id);
    const password = oneTimePassword();
    await this.accountsRepo.update({ id: account.id }, { passwordHash: await hashPassword(password) });
    await this.sessions.deleteAll(account.id);
    await this.audit.record(actor, 'account.reset-password', account, 'sessions ended');
    return { account: await this.view(account), password };
  }

  async setRole(actor: AccountEntity, id: number, role: AccountRole): Promise<AdminAccountView> {
    const account = await this.find(id);
    if (account.role === role) throw new AdminException('ADMIN_ALREADY', `${account.username} is already ${role === 'admin' ? 'an admin' : 'a user'}.`);
    // The actor is an admin and keeps the role, so the platform always has one.
    if (role !== 'admin' && account.id === actor.id) throw new AdminException('ADMIN_NOT_YOURSELF', 'You cannot take your own admin role: ask another admin.');
    await this.accountsRepo.update({ id: account.id }, { role });
    await this.audit.record(actor, 'account.role', account, `role ${account.role} → ${role}`);
    return this.view(await this.find(id));
  }

  /**
   * Deletes an account and everything of it, once the operator typed its username. Refused for yourself (so the
   * platform always keeps an admin: the actor is one). Here: sign-in and tokens stop at once (it is marked disabled
   * first), its jobs are cancelled, its sessions, tokens, consoles and tasks end, its web apps are deleted (their
   * nodes remove routes, containers and sockets), its MySQL and PostgreSQL databases and users are dropped. Then a job
   * on its home node removes its remaining containers, its home and web directories and, last, its row. Repeating
   * the request after a failure carries on where it stopped.
   */
  async delete(actor: AccountEntity, id: number, confirm: string): Promise<AdminDeleteAccountView> {
    const account = await this.find(id);
    if (account.id === actor.id) throw new AdminException('ADMIN_NOT_YOURSELF', 'You cannot delete your own account: ask another admin.');
    if (confirm.trim().toLowerCase() !== account.username) {
      throw new AdminException('ADMIN_CONFIRM_MISMATCH', `Type the username "${account.username}" to confirm deleting the account and everything in it.`);
    }
    if (account.role === 'admin' && (await this.accountsRepo.countBy({ role: 'admin' })) <= 1) {
      throw new AdminException('ADMIN_LAST_ADMIN', `${account.username} is the last admin: make someone else an admin first.`);
    }
    const nodeId = await this.homeNodes.forAccount(account);
    if (!account.disabledAt) await this.accountsRepo.update({ id: account.id }, { disabledAt: new Date(), suspendedWebappIds: null });
    await this.sessions.deleteAll(account.id);
    await this.tokens.delete({ accountId: account.id });
    const fresh = await this.find(id);
    for (const job of await this.jobsRepo.findBy({ accountId: account.id, status: In(['queued', 'running']) })) {
      if (job.name !== JobName.AccountDelete && job.name !== JobName.WebAppStop) await this.jobs.cancel(job);
    }
    for (const console of await this.consoles.findBy({ accountId: account.id })) {
      await this.consolesService.kill(fresh, String(console.id)).catch((error: Error) => this.logger.warn(`deleting ${account.username}: console ${console.id}: ${error.message}`));
    }
    for (const task of await this.scheduledTasks.find({ where: { accountId: account.id }, select: { id: true } })) await this.tasks.delete(fresh, task.id);
    for (const task of await this.alwaysOnTasks.find({ where: { accountId: account.id }, select: { id: true } })) await this.alwaysOn.delete(fresh, task.id);
    const apps = await this.webapps.find({ where: { accountId: account.id }, select: { id: true, domain: true } });
    for (const app of apps) await this.webappsService.delete(fresh, app.domain);
    await this.mysql.dropAccount(account.username);
    await this.postgres.dropAccount(account.username);
    const job = await this.jobs.enqueue(
      JobName.AccountDelete,
      { accountId: account.id, username: account.username, uid: account.uid ?? null },
      { accountId: account.id, resourceKey: `account:${account.id}`, nodeId, maxQueued: null },
    );
    await this.audit.record(actor, 'account.delete', account, `${apps.length} web app(s) deleted, databases dropped; files removed by job ${job.id}`);
    return { username: account.username, job: toJobView(job) };
  }
}
