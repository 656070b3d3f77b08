import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { SystemCheckController } from './system-check.controller';

@Module({ imports: [JobsModule], controllers: [SystemCheckController] })
export class SystemCheckModule {}
