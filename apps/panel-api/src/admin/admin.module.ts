import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity, AlwaysOnTaskEntity, ApiTokenEntity, AuditLogEntity, ConsoleEntity, JobEntity, ScheduledTaskEntity, WebAppEntity } from '@panel/database';
import { AccountsModule } from '../accounts/accounts.module';
import { ConsolesModule } from '../consoles/consoles.module';
import { DatabasesModule } from '../databases/databases.module';
import { FilesModule } from '../files/files.module';
import { JobsModule } from '../jobs/jobs.module';
import { NodesModule } from '../nodes/nodes.module';
import { TasksModule } from '../tasks/tasks.module';
import { WebAppsModule } from '../webapps/webapps.module';
import { AdminController } from './admin.controller';
import { AdminAccountsService } from './admin-accounts.service';
import { AdminJobsService } from './admin-jobs.service';
import { AuditLogService } from './audit-log.service';

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity, AuditLogEntity, WebAppEntity, ConsoleEntity, JobEntity, ScheduledTaskEntity, AlwaysOnTaskEntity, ApiTokenEntity]), AccountsModule, ConsolesModule, DatabasesModule, FilesModule, JobsModule, NodesModule, TasksModule, WebAppsModule],
  controllers: [AdminController],
  providers: [AdminAccountsService, AdminJobsService, AuditLogService],
})
export class AdminModule {}
