import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AdminJobsPage, AdminJobsQuery, AdminJobView } from '@panel/contracts';
import { AccountEntity, JobEntity } from '@panel/database';
import { toJobView } from '@panel/jobs';
import { In, Repository } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { AuditLogService } from './audit-log.service';

/** Every account's jobs for the Admin page: filtered by state and account, and cancelled like their owner would. */
@Injectable()
export class AdminJobsService {
  constructor(
    @InjectRepository(JobEntity) private readonly jobsRepo: Repository<JobEntity>,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly jobs: JobsService,
    private readonly audit: AuditLogService,
  ) {}

  async page(query: AdminJobsQuery): Promise<AdminJobsPage> {
    const where: Record<string, unknown> = {};
    if (query.status) where.status = query.status;
    if (query.username) {
      const account = await this.accounts.findOneBy({ username: query.username.toLowerCase() });
      if (!account) return { jobs: [], total: 0, page: query.page, pageSize: query.pageSize };
      where.accountId = account.id;
    }
    const [rows, total] = await this.jobsRepo.findAndCount({ where, order: { createdAt: 'DESC' }, skip: (query.page - 1) * query.pageSize, take: query.pageSize });
    return { jobs: await this.views(rows), total, page: query.page, pageSize: query.pageSize };
  }

  private async views(rows: JobEntity[]): Promise<AdminJobView[]> {
    const ids = [...new Set(rows.map((r) => r.accountId).filter((id): id is number => id !== null))];
    const owners = ids.length ? await this.accounts.find({ where: { id: In(ids) }, select: { id: true, username: true } }) : [];
    const names = new Map(owners.map((a) => [a.id, a.username]));
    return rows.map((row) => ({ ...toJobView(row), username: row.accountId === null ? null : (names.get(row.accountId) ?? null) }));
  }

  async cancel(actor: AccountEntity, id: string): Promise<AdminJobView> {
    const job = /^[0-9a-f-]{36}$/.test(id) ? await this.jobsRepo.findOneBy({ id }) : null;
    if (!job) throw new NotFoundException(`No job with id ${id}.`);
    const cancelled = await this.jobs.cancel(job);
    const [view] = await this.views([cancelled]);
    await this.audit.record(actor, 'job.cancel', view.username, `${view.title} (${job.status} → ${cancelled.status})`);
    return view;
  }
}
