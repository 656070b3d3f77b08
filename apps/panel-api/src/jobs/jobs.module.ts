import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobEntity } from '@panel/database';
import { JobLogStore } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { JobEventsHub } from './job-events.hub';
import { JobQueues } from './job-queues';
import { JobsController } from './jobs.controller';
import { JOB_LOG_STORE } from './jobs.module-tokens';
import { JobsService } from './jobs.service';

@Module({
  imports: [TypeOrmModule.forFeature([JobEntity])],
  controllers: [JobsController],
  providers: [
    JobsService,
    JobQueues,
    JobEventsHub,
    { provide: JOB_LOG_STORE, inject: [PANEL_CONFIG], useFactory: (config: PanelConfig) => new JobLogStore(config.jobLogsDir) },
  ],
  exports: [JobsService],
})
export class JobsModule {}
