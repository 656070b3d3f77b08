import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity, ConsoleEntity, SessionEntity, WebAppEntity } from '@panel/database';
import { FilesModule } from '../files/files.module';
import { SessionsService } from '../auth/sessions.service';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AccountUsageService } from './account-usage.service';

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity, SessionEntity, ConsoleEntity, WebAppEntity]), FilesModule],
  controllers: [AccountsController],
  providers: [AccountsService, SessionsService, AccountUsageService],
  exports: [AccountsService, SessionsService],
})
export class AccountsModule {}
