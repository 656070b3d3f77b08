import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { DatabasesController } from './databases.controller';
import { DatabasesService } from './databases.service';
import { MysqlAdmin } from './mysql-admin.service';
import { PostgresAdmin } from './postgres-admin.service';

@Module({
  imports: [JobsModule],
  controllers: [DatabasesController],
  providers: [MysqlAdmin, PostgresAdmin, DatabasesService],
  exports: [MysqlAdmin, PostgresAdmin, DatabasesService],
})
export class DatabasesModule {}
