import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity, SessionEntity } from '@panel/database';
import { SessionsService } from '../auth/sessions.service';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity, SessionEntity])],
  controllers: [AccountsController],
  providers: [AccountsService, SessionsService],
  exports: [AccountsService, SessionsService],
})
export class AccountsModule {}
