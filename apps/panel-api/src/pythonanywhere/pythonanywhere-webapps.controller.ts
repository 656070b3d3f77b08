import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CreateStaticFileRequest, staticUrlSchema, UpdateStaticFileRequest, UpdateWebAppRequest, pythonVersionInputSchema, domainSchema, homePathSchema } from '@panel/contracts';
import type { AccountEntity, WebAppEntity } from '@panel/database';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { OwnAccount } from './own-account.guard';
import { ZodBody, ZodValidationPipe } from '../common/zod';
import { WaitingReload } from './waiting-reload';
import { CreateWebApp } from '../webapps/create-webapp.use-case';
import { WebAppsService } from '../webapps/webapps.service';

/** A boolean sent as JSON or as a form field ("true"/"True"/"1", "false"/"False"/"0", as Python's requests sends it). */
const FORM_BOOLEANS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };
const formBoolean = z.preprocess((v) => (typeof v === 'string' ? (FORM_BOOLEANS[v.trim().toLowerCase()] ?? v) : v), z.boolean());

/** PythonAnywhere's field names, so scripts written for its API work here, with JSON or form-encoded bodies. */
const PaCreateWebApp = z.object({ domain_name: domainSchema, python_version: pythonVersionInputSchema });
const PaUpdateWebApp = z.object({
  python_version: pythonVersionInputSchema.optional(),
  source_directory: homePathSchema.optional(),
  working_directory: homePathSchema.optional(),
  virtualenv_path: z.string().trim().max(1024).nullable().optional(),
  force_https: formBoolean.optional(),
  password_protection_enabled: formBoolean.optional(),
  password_protection_username: z.string().trim().min(1).max(100).optional(),
  password_protection_password: z.string().min(1).max(200).optional(),
});
const PaStaticFile = z.object({ url: staticUrlSchema, path: homePathSchema });

@ApiTags('pythonanywhere')
@OwnAccount()
@Controller('api/v0/user/:username/webapps')
export class PythonAnywhereWebAppsController {
  constructor(
    private readonly webapps: WebAppsService,
    private readonly createWebApp: CreateWebApp,
    private readonly waitingReload: WaitingReload,
  ) {}


  private toPa(account: AccountEntity, app: WebAppEntity) {
    return {
      id: app.id,
      user: account.username,
      domain_name: app.domain,
      python_version: app.pythonVersion,
      source_directory: app.sourceDirectory,
      working_directory: app.workingDirectory,
      virtualenv_path: app.virtualenvPath ?? '',
      expiry: null,
      force_https: app.forceHttps,
      enabled: app.enabled,
      password_protection_enabled: app.passwordProtectionEnabled,
      password_protection_username: app.passwordProtectionUsername ?? '',
      password_protection_password: '',
    };
  }

  @Get()
  async list(@CurrentAccount() account: AccountEntity) {
    return (await this.webapps.listEntities(account)).map((app) => this.toPa(account, app));
  }

  @Post()
  async create(@CurrentAccount() account: AccountEntity, @ZodBody(PaCreateWebApp) body: z.infer<typeof PaCreateWebApp>) {
    const { app } = await this.createWebApp.execute(account, { domain: body.domain_name, pythonVersion: body.python_version, template: 'manual' });
    return this.toPa(account, app);
  }

  @Get(':domain')
  async get(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return this.toPa(account, await this.webapps.find(account, domain));
  }

  @Patch(':domain')
  async update(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @ZodBody(PaUpdateWebApp) body: z.infer<typeof PaUpdateWebApp>) {
    const patch: UpdateWebAppRequest = {
      pythonVersion: body.python_version,
      sourceDirectory: body.source_directory,
      workingDirectory: body.working_directory,
      virtualenv: body.virtualenv_path,
      forceHttps: body.force_https,
    };
    if (body.password_protection_enabled !== undefined || body.password_protection_username || body.password_protection_password) {
      const current = await this.webapps.find(account, domain);
      patch.passwordProtection = {
        enabled: body.password_protection_enabled ?? current.passwordProtectionEnabled,
        username: body.password_protection_username,
        password: body.password_protection_password,
      };
    }
    return this.toPa(account, await this.webapps.update(account, domain, UpdateWebAppRequest.parse(patch)));
  }

  @Delete(':domain')
  @HttpCode(204)
  async delete(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    await this.webapps.delete(account, domain);
  }

  /** As on PythonAnywhere, answers once the reload is done (see WaitingReload). */
  @Post(':domain/reload')
  @HttpCode(200)
  async reload(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    const job = await this.waitingReload.reload(account, domain);
    return { status: 'OK', job_id: job.id };
  }

  @Post(':domain/enable')
  @HttpCode(200)
  async enable(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    const job = await this.webapps.enable(account, domain);
    return { status: 'OK', job_id: job.id };
  }

  @Post(':domain/disable')
  @HttpCode(200)
  async disable(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    const job = await this.webapps.disable(account, domain);
    return { status: 'OK', job_id: job.id };
  }

  @Get(':domain/static_files')
  async listStatic(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return (await this.webapps.find(account, domain)).staticFiles?.map((s) => ({ id: s.id, url: s.url, path: s.path })) ?? [];
  }

  @Post(':domain/static_files')
  async addStatic(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @ZodBody(PaStaticFile) body: z.infer<typeof CreateStaticFileRequest>) {
    return this.webapps.addStaticFile(account, domain, body.url, body.path);
  }

  @Get(':domain/static_files/:id')
  async getStatic(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @Param('id', ParseIntPipe) id: number) {
    const s = await this.webapps.findStaticFile(account, domain, id);
    return { id: s.id, url: s.url, path: s.path };
  }

  @Patch(':domain/static_files/:id')
  async updateStatic(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @Param('id', ParseIntPipe) id: number, @Body(new ZodValidationPipe(UpdateStaticFileRequest)) body: z.infer<typeof UpdateStaticFileRequest>) {
    return this.webapps.updateStaticFile(account, domain, id, body);
  }

  @Delete(':domain/static_files/:id')
  @HttpCode(204)
  async deleteStatic(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @Param('id', ParseIntPipe) id: number) {
    await this.webapps.deleteStaticFile(account, domain, id);
  }
}
