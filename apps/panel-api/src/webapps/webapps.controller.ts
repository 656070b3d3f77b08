import { Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreatedWebAppView,
  CreateStaticFileRequest,
  CreateWebAppRequest,
  JobView,
  SavedWsgiFileView,
  StaticFileView,
  UpdateStaticFileRequest,
  UpdateWebAppRequest,
  UpdateWsgiFileRequest,
  WebAppLogKind,
  WebAppLogView,
  WebAppView,
  WsgiFileView,
} from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { toJobView } from '@panel/jobs';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodResponse, ZodValidationPipe } from '../common/zod';
import { CreateWebApp } from './create-webapp.use-case';
import { WebAppsService } from './webapps.service';

/** The dashboard's Web tab. */
@ApiTags('webapps')
@Controller('api/webapps')
export class WebAppsController {
  constructor(
    private readonly webapps: WebAppsService,
    private readonly createWebApp: CreateWebApp,
  ) {}

  @Get()
  @ZodResponse(200, z.array(WebAppView))
  list(@CurrentAccount() account: AccountEntity) {
    return this.webapps.list(account);
  }

  /** Creates the app; a template's setup (environment, database, migrations) and the first reload run as a job. */
  @Post()
  @ZodResponse(201, CreatedWebAppView)
  async create(@CurrentAccount() account: AccountEntity, @ZodBody(CreateWebAppRequest) body: z.infer<typeof CreateWebAppRequest>): Promise<CreatedWebAppView> {
    const { app, job } = await this.createWebApp.execute(account, body);
    return { webapp: this.webapps.toView(app), job: job ? toJobView(job) : null };
  }

  @Get(':domain')
  @ZodResponse(200, WebAppView)
  async get(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return this.webapps.toView(await this.webapps.find(account, domain));
  }

  /** Changes take effect on the next reload, as on PythonAnywhere. */
  @Patch(':domain')
  @ZodResponse(200, WebAppView)
  async update(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @ZodBody(UpdateWebAppRequest) body: UpdateWebAppRequest) {
    return this.webapps.toView(await this.webapps.update(account, domain, body));
  }

  @Delete(':domain')
  @HttpCode(204)
  delete(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return this.webapps.delete(account, domain);
  }

  @Post(':domain/reload')
  @ZodResponse(201, JobView)
  async reload(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return toJobView(await this.webapps.reload(account, domain));
  }

  @Post(':domain/enable')
  @ZodResponse(201, JobView)
  async enable(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return toJobView(await this.webapps.enable(account, domain));
  }

  @Post(':domain/disable')
  @ZodResponse(201, JobView)
  async disable(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return toJobView(await this.webapps.disable(account, domain));
  }

  /** The app's jobs (setup, reloads, migrations, stop), newest first. */
  @Get(':domain/jobs')
  @ZodResponse(200, z.array(JobView))
  async jobs(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return (await this.webapps.history(account, domain)).map(toJobView);
  }

  @Get(':domain/wsgi')
  @ZodResponse(200, WsgiFileView)
  wsgi(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return this.webapps.readWsgiFile(account, domain);
  }

  /** Saving the WSGI file reloads the app; the reload job comes back with it. */
  @Put(':domain/wsgi')
  @ZodResponse(200, SavedWsgiFileView)
  async saveWsgi(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @ZodBody(UpdateWsgiFileRequest) body: UpdateWsgiFileRequest): Promise<SavedWsgiFileView> {
    const saved = await this.webapps.saveWsgiFile(account, domain, body.content);
    return { ...saved, job: saved.job ? toJobView(saved.job) : null };
  }

  /** A custom domain routes once DNS proves it is the account's (a CNAME to its own name, or the TXT record). */
  @Post(':domain/verify-domain')
  @HttpCode(200)
  @ZodResponse(200, WebAppView)
  async verifyDomain(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return this.webapps.toView(await this.webapps.verifyDomain(account, domain));
  }

  @Get(':domain/logs/:kind')
  @ZodResponse(200, WebAppLogView)
  async log(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @Param('kind', new ZodValidationPipe(WebAppLogKind)) kind: WebAppLogKind): Promise<WebAppLogView> {
    const view = this.webapps.toView(await this.webapps.find(account, domain));
    return { kind, path: view.logs[kind], text: await this.webapps.tailLog(account, domain, kind) };
  }

  @Post(':domain/static_files')
  @ZodResponse(201, StaticFileView)
  addStatic(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @ZodBody(CreateStaticFileRequest) body: z.infer<typeof CreateStaticFileRequest>) {
    return this.webapps.addStaticFile(account, domain, body.url, body.path);
  }

  @Patch(':domain/static_files/:id')
  @ZodResponse(200, StaticFileView)
  updateStatic(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @Param('id', ParseIntPipe) id: number, @ZodBody(UpdateStaticFileRequest) body: z.infer<typeof UpdateStaticFileRequest>) {
    return this.webapps.updateStaticFile(account, domain, id, body);
  }

  @Delete(':domain/static_files/:id')
  @HttpCode(204)
  deleteStatic(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @Param('id', ParseIntPipe) id: number) {
    return this.webapps.deleteStaticFile(account, domain, id);
  }
}
