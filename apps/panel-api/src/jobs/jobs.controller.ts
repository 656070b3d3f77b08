import { Controller, Get, Inject, MessageEvent, Param, Post, Res, Sse } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JobQueuePosition, JobView } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { JobLogStore, toJobView } from '@panel/jobs';
import { JOB_LOG_STORE } from '@panel/nest';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodQuery, ZodResponse } from '../common/zod';
import { JobEventsHub } from './job-events.hub';
import { streamJob } from './job-stream';
import { JobsService } from './jobs.service';

const ListJobsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

@ApiTags('jobs')
@Controller('api/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly hub: JobEventsHub,
    @Inject(JOB_LOG_STORE) private readonly logs: JobLogStore,
  ) {}

  @Get()
  @ZodResponse(200, z.array(JobView))
  async list(@CurrentAccount() account: AccountEntity, @ZodQuery(ListJobsQuery) query: z.infer<typeof ListJobsQuery>) {
    return (await this.jobs.listForAccount(account.id, query.limit)).map(toJobView);
  }

  @Get(':id')
  @ZodResponse(200, JobView)
  async get(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return toJobView(await this.jobs.getForAccount(account.id, id));
  }

  /** Where a queued job stands in its queue ("3 jobs ahead of yours"). */
  @Get(':id/queue')
  @ZodResponse(200, JobQueuePosition)
  async queuePosition(@CurrentAccount() account: AccountEntity, @Param('id') id: string): Promise<JobQueuePosition> {
    const job = await this.jobs.getForAccount(account.id, id);
    return { status: job.status, jobsAhead: await this.jobs.jobsAhead(job) };
  }

  /** The whole log as text, streamed from its file. */
  @Get(':id/log')
  async log(@CurrentAccount() account: AccountEntity, @Param('id') id: string, @Res() res: Response) {
    const job = await this.jobs.getForAccount(account.id, id);
    res.type('text/plain; charset=utf-8');
    if ((await this.logs.size(job.id)) === 0) return res.end();
    this.logs.stream(job.id).pipe(res);
  }

  /** Server-sent events: the log so far, then live output and status until the job finishes. */
  @Sse(':id/events')
  async events(@CurrentAccount() account: AccountEntity, @Param('id') id: string): Promise<Observable<MessageEvent>> {
    const job = await this.jobs.getForAccount(account.id, id);
    return streamJob(job.id, this.hub, this.jobs, this.logs).pipe(map((event) => ({ data: event })));
  }

  @Post(':id/cancel')
  @ZodResponse(201, JobView)
  async cancel(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return toJobView(await this.jobs.cancel(await this.jobs.getForAccount(account.id, id)));
  }
}
