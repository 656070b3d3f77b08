import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PanelConfig } from '@panel/config';
import { CreateStaticFileRequest, JobName, staticUrlSchema, UpdateStaticFileRequest, UpdateWebAppRequest, pythonVersionInputSchema, domainSchema, homePathSchema, webappLogContainerPath, webappLogFileName } from '@panel/contracts';
import type { AccountEntity, JobEntity, WebAppEntity } from '@panel/database';
import { accountWebDirs, lstatNoFollow, readAccountFile } from '@panel/home-fs';
import { webappResourceKey } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { join } from 'node:path';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { OwnAccount } from './own-account.guard';
import { ZodBody, ZodValidationPipe } from '../common/zod';
import { JobEventsHub } from '../jobs/job-events.hub';
import { JobsService } from '../jobs/jobs.service';
import { waitForJobEnd } from '../jobs/job-wait';
import { CreateWebApp } from '../webapps/create-webapp.use-case';
import { lastTracebackLine } from '../webapps/reload-outcome';
import { WebAppsException } from '../webapps/webapps.exceptions';
import { WebAppsService } from '../webapps/webapps.service';

/** How long the PythonAnywhere API's reload waits for its job before answering 504 (the job keeps running). */
export const PA_RELOAD_WAIT_MS = 120_000;

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
    private readonly jobs: JobsService,
    private readonly jobEvents: JobEventsHub,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
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

  /**
   * As on PythonAnywhere, answers once the reload is done: 200 {"status": "OK"} when the new version serves (a
   * request right after gets the new code), 422 with the reload's error (the traceback's last line and the error
   * log's path) when it failed, 504 after PA_RELOAD_WAIT_MS (the job keeps running). It waits on the job's durable
   * record and events; a reload superseded by a newer one follows that one. The dashboard's reload does not wait.
   */
  @Post(':domain/reload')
  @HttpCode(200)
  async reload(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    const app = await this.webapps.find(account, domain);
    const errorLog = join(accountWebDirs(this.config, account.username).log, webappLogFileName(app.domain, 'error'));
    const errorLogSize = (await lstatNoFollow(errorLog).catch(() => null))?.size ?? 0;
    let job: JobEntity | null = await this.webapps.reload(account, domain);
    const deadline = Date.now() + PA_RELOAD_WAIT_MS;
    for (;;) {
      const waited: JobEntity = job;
      job = await waitForJobEnd(this.jobEvents, this.jobs, waited.id, Math.max(0, deadline - Date.now()));
      if (!job) {
        throw new WebAppsException(
          'WEBAPP_RELOAD_TIMEOUT',
          `The reload of ${app.domain} did not finish within ${PA_RELOAD_WAIT_MS / 1000} s; it keeps running (job ${waited.id}). Its output is at /api/jobs/${waited.id}, errors in ${webappLogContainerPath(app.domain, 'error')}.`,
        );
      }
      if (job.status === 'succeeded') return { status: 'OK', job_id: job.id };
      if (job.status === 'cancelled') {
        // Superseded by a newer reload of the app (or cancelled): that one decides what serves.
        const [latest] = await this.jobs.listForResource(account.id, webappResourceKey(app.id), 1);
        if (latest && latest.id !== job.id && latest.name === JobName.WebAppReload) {
          job = latest;
          continue;
        }
      }
      const logPath = webappLogContainerPath(app.domain, 'error');
      const tail = await readAccountFile(errorLog, { maxBytes: 64 * 1024, tail: true }).catch(() => null);
      const fresh = tail && tail.size > errorLogSize ? tail.text.slice(-Math.max(0, tail.size - errorLogSize)) : '';
      const last = lastTracebackLine(fresh);
      const error = job.error ?? `The reload ended ${job.status}.`;
      const where = error.includes(logPath) ? '' : ` The error log is ${logPath}.`;
      throw new WebAppsException('WEBAPP_RELOAD_FAILED', `${error}${last ? ` The error: ${last}` : ''}${where}`);
    }
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
