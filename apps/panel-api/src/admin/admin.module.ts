import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity, AuditLogEntity, ConsoleEntity, JobEntity, WebAppEntity } from '@panel/database';
import { AccountsModule } from '../accounts/accounts.module';
import { ConsolesModule } from '../consoles/consoles.module';
import { FilesModule } from '../files/files.module';
import { JobsModule } from '../jobs/jobs.module';
import { WebAppsModule } from '../webapps/webapps.module';
import { AdminController } from './admin.controller';
import { AdminAccountsService } from './admin-accounts.service';
import { AdminJobsService } from './admin-jobs.service';
import { AuditLogService } from './audit-log.service';

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity, AuditLogEntity, WebAppEntity, ConsoleEntity, JobEntity]), AccountsModule, ConsolesModule, FilesModule, JobsModule, WebAppsModule],
  controllers: [AdminController],
  providers: [AdminAccountsService, AdminJobsService, AuditLogService],
})
export class AdminModule {}
