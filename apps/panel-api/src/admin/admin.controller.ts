import { Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  AdminAccountsPage,
  AdminAccountsQuery,
  AdminAccountView,
  AdminJobsPage,
  AdminJobsQuery,
  AdminJobView,
  AdminCreateAccountRequest,
  AdminDeleteAccountRequest,
  AdminDeleteAccountView,
  AdminSetRoleRequest,
  AdminSettingsView,
  AuditLogPage,
  AuditLogQuery,
  OneTimePasswordView,
  UpdateAdminSettingsRequest,
} from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { z } from 'zod';
import { PlatformSettingsService } from '../accounts/platform-settings.service';
import { AdminOnly, CurrentAccount } from '../common/request-context';
import { ZodBody, ZodQuery, ZodResponse } from '../common/zod';
import { AdminAccountsService } from './admin-accounts.service';
import { AuditLogService } from './audit-log.service';
import { AdminJobsService } from './admin-jobs.service';

/** The Admin page's accounts, settings and audit log: operators (admin accounts) only; anyone else gets 403. */
@ApiTags('admin')
@AdminOnly()
@Controller('api/admin')
export class AdminController {
  constructor(
    private readonly accounts: AdminAccountsService,
    private readonly settings: PlatformSettingsService,
    private readonly audit: AuditLogService,
    private readonly jobs: AdminJobsService,
  ) {}

  /** A page of accounts (search by part of the name) with their disk, web apps and consoles. */
  @Get('accounts')
  @ZodResponse(200, AdminAccountsPage)
  list(@ZodQuery(AdminAccountsQuery) query: AdminAccountsQuery) {
    return this.accounts.page(query);
  }

  /** Makes an account; without a password, a one-time one is made and answered this once. */
  @Post('accounts')
  @ZodResponse(201, OneTimePasswordView)
  create(@CurrentAccount() actor: AccountEntity, @ZodBody(AdminCreateAccountRequest) body: z.infer<typeof AdminCreateAccountRequest>) {
    return this.accounts.create(actor, body.username, body.role, body.password);
  }

  /** Stops its web apps, ends its consoles and sessions, refuses its tokens; its data stays. */
  @Post('accounts/:id/disable')
  @HttpCode(200)
  @ZodResponse(200, AdminAccountView)
  disable(@CurrentAccount() actor: AccountEntity, @Param('id', ParseIntPipe) id: number) {
    return this.accounts.disable(actor, id);
  }

  /** Lets it sign in again and starts the web apps that were running when it was disabled. */
  @Post('accounts/:id/enable')
  @HttpCode(200)
  @ZodResponse(200, AdminAccountView)
  enable(@CurrentAccount() actor: AccountEntity, @Param('id', ParseIntPipe) id: number) {
    return this.accounts.enable(actor, id);
  }

  /** A new one-time password, answered this once; the account's sessions end. */
  @Post('accounts/:id/password')
  @HttpCode(200)
  @ZodResponse(200, OneTimePasswordView)
  resetPassword(@CurrentAccount() actor: AccountEntity, @Param('id', ParseIntPipe) id: number) {
    return this.accounts.resetPassword(actor, id);
  }

  /**
   * Deletes the account and everything of it (containers, home, web app files and logs, databases and database
   * users, tasks, tokens); `confirm` must be its username. Answers 202 with the job that removes its files.
   */
  @Delete('accounts/:id')
  @HttpCode(202)
  @ZodResponse(202, AdminDeleteAccountView)
  delete(@CurrentAccount() actor: AccountEntity, @Param('id', ParseIntPipe) id: number, @ZodBody(AdminDeleteAccountRequest) body: AdminDeleteAccountRequest) {
    return this.accounts.delete(actor, id, body.confirm);
  }

  @Post('accounts/:id/role')
  @HttpCode(200)
  @ZodResponse(200, AdminAccountView)
  setRole(@CurrentAccount() actor: AccountEntity, @Param('id', ParseIntPipe) id: number, @ZodBody(AdminSetRoleRequest) body: AdminSetRoleRequest) {
    return this.accounts.setRole(actor, id, body.role);
  }

  @Get('settings')
  @ZodResponse(200, AdminSettingsView)
  async getSettings(): Promise<AdminSettingsView> {
    return { signupEnabled: await this.settings.signupEnabled() };
  }

  /** Turns sign-up on or off at once, without a restart. */
  @Put('settings')
  @ZodResponse(200, AdminSettingsView)
  async updateSettings(@CurrentAccount() actor: AccountEntity, @ZodBody(UpdateAdminSettingsRequest) body: UpdateAdminSettingsRequest): Promise<AdminSettingsView> {
    const before = await this.settings.signupEnabled();
    await this.settings.setSignupEnabled(body.signupEnabled);
    if (before !== body.signupEnabled) await this.audit.record(actor, 'settings.signup', null, `sign-up ${body.signupEnabled ? 'on' : 'off'}`);
    return { signupEnabled: body.signupEnabled };
  }

  /** Every account's jobs, newest first; `status` and `username` filter them. */
  @Get('jobs')
  @ZodResponse(200, AdminJobsPage)
  listJobs(@ZodQuery(AdminJobsQuery) query: AdminJobsQuery) {
    return this.jobs.page(query);
  }

  /** Cancels any account's queued or running job (a finished one is answered as it is). */
  @Post('jobs/:id/cancel')
  @HttpCode(200)
  @ZodResponse(200, AdminJobView)
  cancelJob(@CurrentAccount() actor: AccountEntity, @Param('id') id: string) {
    return this.jobs.cancel(actor, id);
  }

  @Get('audit')
  @ZodResponse(200, AuditLogPage)
  auditLog(@ZodQuery(AuditLogQuery) query: AuditLogQuery) {
    return this.audit.page(query);
  }
}
