import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvironmentEntity } from '@panel/database';
import { JobsModule } from '../jobs/jobs.module';
import { EnvironmentUsage } from './environment-usage';
import { EnvironmentsController } from './environments.controller';
import { EnvironmentsService } from './environments.service';

@Module({
  imports: [TypeOrmModule.forFeature([EnvironmentEntity]), JobsModule],
  controllers: [EnvironmentsController],
  providers: [EnvironmentsService, EnvironmentUsage],
  exports: [EnvironmentUsage, EnvironmentsService],
})
export class EnvironmentsModule {}
