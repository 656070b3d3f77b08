import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AccountUsageView, AccountView, ChangePasswordRequest } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { SessionsService } from '../auth/sessions.service';
import { Authenticated, CurrentAccount, CurrentAuth } from '../common/request-context';
import { ZodBody, ZodResponse } from '../common/zod';
import { AccountsService, toAccountView } from './accounts.service';
import { AccountUsageService } from './account-usage.service';

@ApiTags('account')
@Controller('api')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly usage: AccountUsageService,
  ) {}

  @Get('account')
  @ZodResponse(200, AccountView)
  me(@CurrentAccount() account: AccountEntity): AccountView {
    return toAccountView(account);
  }

  /** Disk, consoles and web apps used against the account's limits. */
  @Get('account/usage')
  @ZodResponse(200, AccountUsageView)
  accountUsage(@CurrentAccount() account: AccountEntity): Promise<AccountUsageView> {
    return this.usage.usage(account);
  }

  /** Changes the password and signs out every other session of the account. */
  @Post('account/password')
  @HttpCode(204)
  async changePassword(@CurrentAuth() auth: Authenticated, @ZodBody(ChangePasswordRequest) body: ChangePasswordRequest) {
    await this.accounts.changePassword(auth.account, body.currentPassword, body.newPassword);
    if (auth.sessionId) await this.sessions.deleteOthers(auth.account.id, auth.sessionId);
  }
}
