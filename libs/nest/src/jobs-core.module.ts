import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobEntity } from '@panel/database';
import { JobEnqueuer, JobLogStore } from '@panel/jobs';
import { Repository } from 'typeorm';
import { PANEL_CONFIG } from './config.module';

export const JOB_LOG_STORE = Symbol('JOB_LOG_STORE');

/** Job enqueueing and job logs, for panel-api and workers alike. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([JobEntity])],
  providers: [
    {
      provide: JobEnqueuer,
      inject: [getRepositoryToken(JobEntity), PANEL_CONFIG],
      useFactory: (jobs: Repository<JobEntity>, config: PanelConfig) => new JobEnqueuer(jobs, config.redisUrl),
    },
    { provide: JOB_LOG_STORE, inject: [PANEL_CONFIG], useFactory: (config: PanelConfig) => new JobLogStore(config.jobLogsDir) },
  ],
  exports: [JobEnqueuer, JOB_LOG_STORE],
})
export class JobsCoreModule implements OnApplicationShutdown {
  constructor(@Inject(JobEnqueuer) private readonly enqueuer: JobEnqueuer) {}

  async onApplicationShutdown() {
    await this.enqueuer.close();
  }
}
