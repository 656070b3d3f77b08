import { Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JobName, JobView, StartSystemCheckRequest } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { toJobView } from '@panel/jobs';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodResponse } from '../common/zod';
import { JobsService } from '../jobs/jobs.service';

/** Runs a container from a Python runtime image as the account, to show the platform works end to end. */
@ApiTags('jobs')
@Controller('api/system-check')
export class SystemCheckController {
  constructor(private readonly jobs: JobsService) {}

  @Post()
  @ZodResponse(201, JobView)
  async start(@CurrentAccount() account: AccountEntity, @ZodBody(StartSystemCheckRequest) body: StartSystemCheckRequest) {
    const job = await this.jobs.enqueue(
      JobName.SystemCheck,
      { accountId: account.id, username: account.username, pythonVersion: body.pythonVersion },
      { accountId: account.id },
    );
    return toJobView(job);
  }
}
