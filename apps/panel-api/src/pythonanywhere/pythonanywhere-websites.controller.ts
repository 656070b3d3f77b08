import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { domainSchema, UpdateWebAppRequest, webappLogContainerPath, websiteCommandSchema } from '@panel/contracts';
import type { AccountEntity, WebAppEntity } from '@panel/database';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody } from '../common/zod';
import { CreateWebApp } from '../webapps/create-webapp.use-case';
import { WebAppsException } from '../webapps/webapps.exceptions';
import { WebAppsService } from '../webapps/webapps.service';
import { OwnAccount } from './own-account.guard';
import { WaitingReload } from './waiting-reload';

/** PythonAnywhere's client (pythonanywhere_core.website.Website.create) sends JSON: domain_name, enabled, webapp.command. */
const PaCreateWebsite = z.object({
  domain_name: domainSchema,
  enabled: z.boolean().default(true),
  webapp: z.object({ command: websiteCommandSchema }),
});
const PaUpdateWebsite = z.object({
  enabled: z.boolean().optional(),
  webapp: z.object({ command: websiteCommandSchema.optional() }).optional(),
});

/**
 * PythonAnywhere's API v1 websites: a domain served by the account's own command (uvicorn, gunicorn, any server that
 * binds $DOMAIN_SOCKET), run as a web app whose server is that command: the same containers, domain rules, logs and
 * reload with no failed request (the web apps' launcher and sockets). Only the caller's own {username}; a domain
 * that is not one of its websites (another account's, or a WSGI web app) is a 404.
 */
@ApiTags('pythonanywhere')
@OwnAccount()
@Controller('api/v1/user/:username/websites')
export class PythonAnywhereWebsitesController {
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
      enabled: app.enabled,
      webapp: { id: app.id, command: app.command, domains: [{ domain_name: app.domain, enabled: app.enabled }] },
      logfiles: {
        access: webappLogContainerPath(app.domain, 'access'),
        error: webappLogContainerPath(app.domain, 'error'),
        server: webappLogContainerPath(app.domain, 'server'),
      },
    };
  }

  private async findWebsite(account: AccountEntity, domain: string): Promise<WebAppEntity> {
    const app = await this.webapps.find(account, domain);
    if (!app.command) throw new WebAppsException('WEBAPP_NOT_FOUND', `You have no website at ${domain}.`);
    return app;
  }

  @Get()
  async list(@CurrentAccount() account: AccountEntity) {
    return (await this.webapps.listEntities(account)).filter((app) => app.command).map((app) => this.toPa(account, app));
  }

  @Post()
  @HttpCode(201)
  async create(@CurrentAccount() account: AccountEntity, @ZodBody(PaCreateWebsite) body: z.infer<typeof PaCreateWebsite>) {
    const { app } = await this.createWebApp.executeWebsite(account, { domain: body.domain_name, command: body.webapp.command, enabled: body.enabled });
    return this.toPa(account, app);
  }

  @Get(':domain')
  async get(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return this.toPa(account, await this.findWebsite(account, domain));
  }

  /** A new command (or enabled) takes effect at the next reload, as on PythonAnywhere; enabling starts it. */
  @Patch(':domain')
  async update(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @ZodBody(PaUpdateWebsite) body: z.infer<typeof PaUpdateWebsite>) {
    const app = await this.findWebsite(account, domain);
    if (body.webapp?.command !== undefined) await this.webapps.update(account, app.domain, UpdateWebAppRequest.parse({ command: body.webapp.command }));
    if (body.enabled === true && !app.enabled) await this.webapps.enable(account, app.domain);
    if (body.enabled === false && app.enabled) await this.webapps.disable(account, app.domain);
    return this.toPa(account, await this.findWebsite(account, app.domain));
  }

  @Delete(':domain')
  @HttpCode(204)
  async delete(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    const app = await this.findWebsite(account, domain);
    await this.webapps.delete(account, app.domain);
  }

  /** Answers once the reload is done, as the v0 webapps' reload does (see WaitingReload). */
  @Post(':domain/reload')
  @HttpCode(200)
  async reload(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    const app = await this.findWebsite(account, domain);
    const job = await this.waitingReload.reload(account, app.domain);
    return { status: 'OK', job_id: job.id };
  }
}
