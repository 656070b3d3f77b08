import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { accountPythonVersion, CreateWebAppRequest, fullDatabaseName, JobName, PythonVersion, WebAppTemplate } from '@panel/contracts';
import { AccountEntity, JobEntity, WebAppEntity } from '@panel/database';
import { accountContainerHome, HomeFs, HomeFsError } from '@panel/home-fs';
import { webappResourceKey } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { rmdir } from 'node:fs/promises';
import { Repository } from 'typeorm';
import { openAccountHome } from '../common/account-home';
import { UndoLog } from '../common/undo-log';
import { DatabasesException } from '../databases/databases.exceptions';
import { MysqlAdmin } from '../databases/mysql-admin.service';
import { JobsService } from '../jobs/jobs.service';
import { HomeNodes } from '../nodes/home-nodes.service';
import { copyTemplate, templateRequirements, werkzeugPasswordHash, wsgiFileContent } from './templates';
import { WebAppsException } from './webapps.exceptions';
import { WebAppsService } from './webapps.service';
import { WsgiFiles } from './wsgi-files';

export type CreateWebAppInput = CreateWebAppRequest & { pythonVersion: PythonVersion };

/** What a creation will make, worked out (and refused, 4xx) before anything changes. */
interface Plan {
  domain: string;
  template: WebAppTemplate;
  sourceDirectory: string;
  home: HomeFs;
  /** The source directory's canonical path in the home. */
  sourceRelative: string;
}

/**
 * Creating a web app, as one use-case whose steps undo themselves: everything that can be refused is checked first
 * (the domain is the account's to use and free, the source folder is in the home and empty for a template, the WSGI
 * file's name is not a link), then the domain is claimed by inserting the row (the unique index makes a second
 * creation of the domain, concurrent or not, a 409 WEBAPP_DOMAIN_TAKEN before it has made anything), then the
 * template is copied, the WSGI file written, MySQL provisioned (comment board) and the first job queued. A step that
 * fails undoes the ones before it (UndoLog), taking back only what this creation made: a folder that existed stays,
 * a WSGI file that was there gets its old bytes back, a MySQL database or user is dropped only if this creation
 * made it and it holds no table. Nothing the account had is lost.
 */
@Injectable()
export class CreateWebApp {
  private readonly logger = new Logger(CreateWebApp.name);

  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    private readonly service: WebAppsService,
    private readonly wsgiFiles: WsgiFiles,
    private readonly jobs: JobsService,
    private readonly homeNodes: HomeNodes,
    private readonly mysql: MysqlAdmin,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async execute(account: AccountEntity, request: CreateWebAppInput): Promise<{ app: WebAppEntity; job: JobEntity }> {
    const plan = await this.plan(account, request);
    const nodeId = await this.homeNodes.forAccount(account);
    const job = await UndoLog.run(this.logger, async (log) => {
      const app = await this.claimDomain(account, request, plan, nodeId);
      log.made(`the web app row of ${plan.domain}`, () => this.webapps.delete({ id: app.id }));
      if (plan.template !== 'manual') await this.copyTemplate(plan, log);
      await this.writeWsgiFile(account, plan, log);
      if (plan.template === 'comment-board') await this.provisionMysql(account, log);
      return this.firstJob(account, request, plan, app);
    });
    return { app: await this.service.find(account, plan.domain), job };
  }

  /**
   * A website (API v1): a domain served by the account's own command on $DOMAIN_SOCKET. The same domain rules and
   * claim as a web app (the row's unique index); no template, WSGI file or database; the first reload starts it.
   */
  async executeWebsite(account: AccountEntity, request: { domain: string; command: string; enabled: boolean }): Promise<{ app: WebAppEntity; job: JobEntity | null }> {
    const domain = this.service.checkDomain(account, request.domain);
    const taken = () => new WebAppsException('WEBSITE_DOMAIN_EXISTS', `domain with this domain name already exists: ${domain}.`);
    if (await this.webapps.existsBy({ domain })) throw taken();
    const nodeId = await this.homeNodes.forAccount(account);
    const home = accountContainerHome(account.username);
    let app: WebAppEntity;
    try {
      app = await this.webapps.save(
        this.webapps.create({
          accountId: account.id,
          domain,
          ...this.service.initialVerification(account, domain),
          pythonVersion: accountPythonVersion(account, 'python3'),
          sourceDirectory: home,
          workingDirectory: home,
          virtualenvPath: null,
          command: request.command,
          workers: 1,
          enabled: request.enabled,
          forceHttps: false,
          passwordProtectionEnabled: false,
          runMigrationsOnReload: false,
          nodeId,
        }),
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_DUP_ENTRY') throw taken();
      throw error;
    }
    let job: JobEntity | null = null;
    if (request.enabled) {
      try {
        job = await this.service.enqueueReload(account, app);
      } catch (error) {
        await this.webapps.delete({ id: app.id });
        throw error;
      }
    }
    return { app: await this.service.find(account, domain), job };
  }

  /** Every refusal that needs no change first: a 4xx here leaves everything as it was. */
  private async plan(account: AccountEntity, request: CreateWebAppInput): Promise<Plan> {
    const template = request.template ?? 'manual';
    const domain = this.service.checkDomain(account, request.domain ?? this.service.ownDomain(account));
    if (await this.webapps.existsBy({ domain })) throw domainTaken(domain);
    const sourceDirectory = this.service.containerPath(account, request.sourceDirectory ?? 'mysite');
    await this.service.checkInHome(account, sourceDirectory);
    const home = await openAccountHome(this.config, account);
    const sourceRelative = await home.locate(sourceDirectory);
    if (template !== 'manual') {
      const existing = await home.withDirectory(sourceRelative, (dir) => dir.names()).catch(() => null);
      if (existing?.length) throw sourceNotEmpty(sourceDirectory, template);
      if (template === 'comment-board' && !request.initialUser) {
        throw new WebAppsException('WEBAPP_INITIAL_USER_REQUIRED', 'The comment board needs its first user (a name and a password) to log in to the site with.');
      }
    }
    await this.wsgiFiles.checkWritable(account, domain);
    return { domain, template, sourceDirectory, home, sourceRelative };
  }

  /** Inserts the row: the unique index on the domain is what makes the check above safe against a creation meanwhile. */
  private async claimDomain(account: AccountEntity, request: CreateWebAppInput, plan: Plan, nodeId: string): Promise<WebAppEntity> {
    try {
      return await this.webapps.save(
        this.webapps.create({
          accountId: account.id,
          domain: plan.domain,
          ...this.service.initialVerification(account, plan.domain),
          pythonVersion: request.pythonVersion,
          sourceDirectory: plan.sourceDirectory,
          workingDirectory: plan.home.containerHome,
          virtualenvPath: null,
          workers: 1,
          enabled: true,
          forceHttps: false,
          passwordProtectionEnabled: false,
          runMigrationsOnReload: false,
          nodeId,
        }),
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_DUP_ENTRY') throw domainTaken(plan.domain);
      throw error;
    }
  }

  /**
   * Copies the template into the (missing or empty) source folder. Undone by removing the copy and the folders the
   * copy made above it; a folder that was there (empty) is left there, empty.
   */
  private async copyTemplate(plan: Plan, log: UndoLog): Promise<void> {
    const { home, sourceRelative } = plan;
    const parts = sourceRelative.split('/');
    let existing = 0; // how many leading folders of the path were there before the copy
    while (existing < parts.length && (await home.withDirectory(parts.slice(0, existing + 1).join('/'), async () => true).catch(() => false))) existing++;
    try {
      await copyTemplate(plan.template as Exclude<WebAppTemplate, 'manual'>, home, sourceRelative);
    } catch (error) {
      // Files appeared meanwhile (in a console): the folder is the account's, and copyIn changed nothing.
      if (error instanceof HomeFsError && error.code === 'exists') throw sourceNotEmpty(plan.sourceDirectory, plan.template);
      throw error;
    }
    log.made(`the template copied to ${plan.sourceDirectory}`, async () => {
      if (existing === parts.length) {
        await home.withDirectory(sourceRelative, async (dir) => {
          for (const name of await dir.names()) await home.remove(dir, name);
        });
        return;
      }
      await home.removeIf(home.containerPath(sourceRelative), 'directory');
      for (let depth = parts.length - 1; depth > existing; depth--) {
        const parent = parts.slice(0, depth - 1).join('/');
        await home.withDirectory(parent, (dir) => rmdir(dir.at(parts[depth - 1]))).catch(() => undefined); // only if still empty
      }
    });
  }

  /** Writes the WSGI file; undone by putting back the bytes of the file that was there, or removing it. */
  private async writeWsgiFile(account: AccountEntity, plan: Plan, log: UndoLog): Promise<void> {
    const previous = await this.wsgiFiles.snapshot(account, plan.domain);
    await this.wsgiFiles.write(account, plan.domain, wsgiFileContent({ domain: plan.domain, sourceDirectory: plan.sourceDirectory, module: plan.template === 'manual' ? null : 'flask_app' }));
    log.made(`the WSGI file of ${plan.domain}`, () => (previous ? this.wsgiFiles.write(account, plan.domain, previous) : this.wsgiFiles.remove(account, plan.domain)));
  }

  /** The comment board's MySQL user (made with a generated password if the account had none) and its database. */
  private async provisionMysql(account: AccountEntity, log: UndoLog): Promise<void> {
    const undoUser = await this.mysql.ensureInitialized(account);
    if (undoUser) log.made(`the MySQL user of ${account.username}`, undoUser);
    const name = fullDatabaseName(account.username, 'comments');
    if (await this.mysql.databaseExists(account.username, name)) return; // the account's, used as it is
    try {
      await this.mysql.createDatabase(account, 'comments', { ifNotExists: false });
    } catch (error) {
      if (DatabasesException.is(error, 'DATABASE_EXISTS')) return; // made meanwhile (in a console): not ours to undo
      throw error;
    }
    log.made(`the MySQL database ${name}`, () => this.mysql.dropDatabaseIfEmpty(account.username, name));
  }

  /** The comment board's setup job, or the first reload. */
  private async firstJob(account: AccountEntity, request: CreateWebAppInput, plan: Plan, app: WebAppEntity): Promise<JobEntity> {
    if (plan.template !== 'comment-board') return this.service.enqueueReload(account, app);
    const environmentName = `${plan.sourceDirectory.split('/').pop()}-env`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64);
    return this.jobs.enqueue(
      JobName.WebAppQuickstart,
      {
        accountId: account.id,
        username: account.username,
        webappId: app.id,
        domain: app.domain,
        environmentName,
        pythonVersion: request.pythonVersion,
        requirements: await templateRequirements(plan.template),
        runMigrations: true,
        initialUser: { username: request.initialUser!.username, passwordHash: werkzeugPasswordHash(request.initialUser!.password) },
      },
      { accountId: account.id, resourceKey: webappResourceKey(app.id), nodeId: app.nodeId },
    );
  }
}

const domainTaken = (domain: string) => new WebAppsException('WEBAPP_DOMAIN_TAKEN', `There is already a web app at ${domain}.`);

const sourceNotEmpty = (sourceDirectory: string, template: WebAppTemplate) =>
  new WebAppsException('WEBAPP_SOURCE_DIRECTORY_NOT_EMPTY', `${sourceDirectory} already has files in it. Choose an empty or new directory for the ${template} code.`);
