import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { BackupRunView, BackupsView } from '@panel/contracts';
import { BackupRunEntity } from '@panel/database';
import { Repository } from 'typeorm';

/** What the Admin page says about backups: the latest run, whatever happened to it, and the last good one. */
@Injectable()
export class BackupsService {
  constructor(@InjectRepository(BackupRunEntity) private readonly runs: Repository<BackupRunEntity>) {}

  async overview(): Promise<BackupsView> {
    const [latest, lastSucceeded] = await Promise.all([
      this.runs.findOne({ where: {}, order: { startedAt: 'DESC' } }),
      this.runs.findOne({ where: { status: 'succeeded' }, order: { startedAt: 'DESC' } }),
    ]);
    return { latest: latest && toView(latest), lastSucceeded: lastSucceeded && toView(lastSucceeded) };
  }
}

const toView = (run: BackupRunEntity): BackupRunView => ({
  id: run.id,
  status: run.status,
  location: run.location,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  sizeBytes: run.sizeBytes,
  error: run.error,
});
