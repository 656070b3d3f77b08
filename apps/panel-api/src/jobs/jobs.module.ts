import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobEntity } from '@panel/database';
import { JobsCoreModule } from '@panel/nest';
import { JobEventsHub } from './job-events.hub';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

@Module({
  imports: [TypeOrmModule.forFeature([JobEntity]), JobsCoreModule],
  controllers: [JobsController],
  providers: [JobsService, JobEventsHub],
  exports: [JobsService, JobEventsHub],
})
export class JobsModule {}
