import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AuditEntryView, AuditLogPage, AuditLogQuery } from '@panel/contracts';
import { AccountEntity, AuditLogEntity } from '@panel/database';
import { Repository } from 'typeorm';

/** What operators did, newest first: every admin action writes one entry (never a password). */
@Injectable()
export class AuditLogService {
  constructor(@InjectRepository(AuditLogEntity) private readonly entries: Repository<AuditLogEntity>) {}

  async record(actor: AccountEntity, action: string, target: AccountEntity | string | null, detail = ''): Promise<void> {
    await this.entries.insert({
      actorId: actor.id,
      actorUsername: actor.username,
      action,
      targetUsername: typeof target === 'string' ? target : (target?.username ?? null),
      detail: detail.slice(0, 500),
    });
  }

  async page(query: AuditLogQuery): Promise<AuditLogPage> {
    const [rows, total] = await this.entries.findAndCount({ order: { id: 'DESC' }, skip: (query.page - 1) * query.pageSize, take: query.pageSize });
    return { entries: rows.map(toEntryView), total, page: query.page, pageSize: query.pageSize };
  }
}

const toEntryView = (row: AuditLogEntity): AuditEntryView => ({
  id: row.id,
  actorUsername: row.actorUsername,
  action: row.action,
  targetUsername: row.targetUsername,
  detail: row.detail,
  createdAt: row.createdAt.toISOString(),
});
