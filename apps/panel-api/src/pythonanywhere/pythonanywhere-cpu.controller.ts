import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AccountEntity } from '@panel/database';
import { CurrentAccount } from '../common/request-context';
import { CpuUsageService } from '../accounts/cpu-usage.service';
import { OwnAccount } from './own-account.guard';

/** PythonAnywhere's CPU allowance API: today's CPU seconds, the daily limit and when the count starts again. */
@ApiTags('pythonanywhere')
@OwnAccount()
@Controller('api/v0/user/:username/cpu')
export class PythonAnywhereCpuController {
  constructor(private readonly cpu: CpuUsageService) {}

  @Get()
  async usage(@CurrentAccount() account: AccountEntity) {
    const today = await this.cpu.today(account.id);
    return {
      daily_cpu_limit_seconds: today.allowanceSeconds,
      daily_cpu_total_usage_seconds: today.usedSeconds,
      // PythonAnywhere's form (what its users' scripts parse with "%Y-%m-%dT%H:%M:%S.%f"): UTC, microseconds, no zone.
      next_reset_time: today.nextResetAt.replace(/\.(\d{3})Z$/, '.$1000'),
    };
  }
}
