import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import type { CpuUsageView } from '@panel/contracts';
import { cpuPeriod, cpuSecondsUsed } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { DataSource } from 'typeorm';

/** An account's CPU seconds today, as the workers counted them, against the daily allowance. */
@Injectable()
export class CpuUsageService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async today(accountId: number): Promise<CpuUsageView> {
    const period = cpuPeriod(new Date(), this.config.cpu.resetAt);
    const used = (await cpuSecondsUsed(this.dataSource.manager, period.start, [accountId])).get(accountId) ?? 0;
    const allowance = this.config.cpu.dailySeconds;
    return {
      usedSeconds: Math.round(used * 100) / 100,
      allowanceSeconds: allowance,
      periodStartedAt: period.start.toISOString(),
      nextResetAt: period.next.toISOString(),
      throttled: used > allowance,
    };
  }
}
