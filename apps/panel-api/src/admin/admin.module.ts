import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity, AuditLogEntity, ConsoleEntity, WebAppEntity } from '@panel/database';
import { AccountsModule } from '../accounts/accounts.module';
import { ConsolesModule } from '../consoles/consoles.module';
import { FilesModule } from '../files/files.module';
import { WebAppsModule } from '../webapps/webapps.module';
import { AdminController } from './admin.controller';
import { AdminAccountsService } from './admin-accounts.service';
import { AuditLogService } from './audit-log.service';

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity, AuditLogEntity, WebAppEntity, ConsoleEntity]), AccountsModule, ConsolesModule, FilesModule, WebAppsModule],
  controllers: [AdminController],
  providers: [AdminAccountsService, AuditLogService],
})
export class AdminModule {}
