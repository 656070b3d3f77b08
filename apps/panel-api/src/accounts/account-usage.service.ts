import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import type { AccountUsageView } from '@panel/contracts';
import { AccountEntity, ConsoleEntity, WebAppEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { Repository } from 'typeorm';
import { FilesService } from '../files/files.service';
import { CpuUsageService } from './cpu-usage.service';

/** What an account uses against its limits: the dashboard's overview and the Admin page read the same figures. */
@Injectable()
export class AccountUsageService {
  constructor(
    @InjectRepository(ConsoleEntity) private readonly consoles: Repository<ConsoleEntity>,
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    private readonly files: FilesService,
    private readonly cpu: CpuUsageService,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async usage(account: AccountEntity): Promise<AccountUsageView> {
    const [disk, consoles, webapps, cpu] = await Promise.all([
      this.files.diskUsage(account),
      // The same count the console limit checks (ConsolesService.create).
      this.consoles.countBy({ accountId: account.id }),
      this.webapps.countBy({ accountId: account.id }),
      this.cpu.today(account.id),
    ]);
    return {
      disk: { usedBytes: disk.usedBytes, quotaBytes: disk.quotaBytes },
      consoles: { used: consoles, limit: this.config.consoles.max },
      webapps: { used: webapps },
      cpu,
    };
  }
}
