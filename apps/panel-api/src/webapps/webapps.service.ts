import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { domainAllowListed, domainVerificationRecord, DomainVerificationView, JobName, StaticFileView, UpdateWebAppRequest, webappLogContainerPath, webappLogFileName, WebAppLogKind, WebAppStatus, WebAppView, wsgiContainerPath, WsgiFileView } from '@panel/contracts';
import { AccountEntity, JobEntity, StaticFileEntity, WebAppEntity } from '@panel/database';
import { webappResourceKey } from '@panel/jobs';
import { accountContainerHome, accountContainerPath, accountHostHome, accountWebDirs, readAccountFile, resolveHomePath, virtualenvProblem, WORKON_DIR } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import bcrypt from 'bcryptjs';
import { join } from 'node:path';
import { Repository } from 'typeorm';
import { openAccountHome } from '../common/account-home';
import { JobsService } from '../jobs/jobs.service';
import { randomBytes } from 'node:crypto';
import { domainProblem } from './domain-policy';
import { DomainVerifier } from './domain-verification';
import { WebAppsException } from './webapps.exceptions';
import { WsgiFiles } from './wsgi-files';

const LOG_TAIL_BYTES = 64 * 1024;

@Injectable()
export class WebAppsService {
  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @InjectRepository(StaticFileEntity) private readonly staticFiles: Repository<StaticFileEntity>,
    private readonly jobs: JobsService,
    private readonly verifier: DomainVerifier,
    private readonly wsgiFiles: WsgiFiles,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  private webDirs(account: AccountEntity) {
    return accountWebDirs(this.config, account.username);
  }

  /** The account's web apps with their static file mappings, by domain. */
  listEntities(account: AccountEntity): Promise<WebAppEntity[]> {
    return this.webapps.find({ where: { accountId: account.id }, relations: { staticFiles: true, account: true }, order: { domain: 'ASC' } });
  }

  async list(account: AccountEntity): Promise<WebAppView[]> {
    const apps = await this.listEntities(account);
    return apps.map((app) => this.toView(app));
  }

  /** The account's app, or 404: another account's app is indistinguishable from a missing one. */
  async find(account: AccountEntity, domain: string): Promise<WebAppEntity> {
    const app = await this.webapps.findOne({ where: { accountId: account.id, domain: domain.toLowerCase() }, relations: { staticFiles: true, account: true } });
    if (!app) throw new WebAppsException('WEBAPP_NOT_FOUND', `You have no web app at ${domain}.`);
    return app;
  }

  async update(account: AccountEntity, domain: string, patch: UpdateWebAppRequest): Promise<WebAppEntity> {
    const app = await this.find(account, domain);
    if (patch.pythonVersion) app.pythonVersion = patch.pythonVersion;
    if (patch.sourceDirectory !== undefined) {
      app.sourceDirectory = this.containerPath(account, patch.sourceDirectory);
      await this.checkInHome(account, app.sourceDirectory);
    }
    if (patch.workingDirectory !== undefined) {
      app.workingDirectory = this.containerPath(account, patch.workingDirectory);
      await this.checkInHome(account, app.workingDirectory);
    }
    if (patch.virtualenv !== undefined) app.virtualenvPath = patch.virtualenv ? this.resolveVirtualenv(account, patch.virtualenv) : null;
    if (app.virtualenvPath && (patch.virtualenv !== undefined || patch.pythonVersion)) await this.checkVirtualenv(account, app);
    if (patch.workers !== undefined) app.workers = patch.workers;
    if (patch.forceHttps !== undefined) app.forceHttps = patch.forceHttps;
    if (patch.runMigrationsOnReload !== undefined) app.runMigrationsOnReload = patch.runMigrationsOnReload;
    if (patch.command !== undefined) {
      if (!app.command) throw new WebAppsException('WEBAPP_NOT_A_WEBSITE', `${app.domain} is a WSGI web app: its code is its WSGI file, it has no command.`);
      app.command = patch.command;
    }
    if (patch.passwordProtection) {
      const { enabled, username, password } = patch.passwordProtection;
      if (username !== undefined) app.passwordProtectionUsername = username;
      if (password !== undefined) app.passwordProtectionHash = await bcrypt.hash(password, 10);
      if (enabled && (!app.passwordProtectionUsername || !app.passwordProtectionHash)) {
        throw new WebAppsException('WEBAPP_PASSWORD_PROTECTION_INCOMPLETE', 'Password protection needs a username and a password.');
      }
      app.passwordProtectionEnabled = enabled;
    }
    const { staticFiles: _ignored, ...columns } = app;
    await this.webapps.save(columns as WebAppEntity);
    return this.find(account, domain);
  }

  /** Queues a reload; a reload already waiting for this app is superseded by this one. */
  async reload(account: AccountEntity, domain: string): Promise<JobEntity> {
    const app = await this.find(account, domain);
    if (!app.enabled) throw new WebAppsException('WEBAPP_DISABLED', `${domain} is disabled. Enable it to run it.`);
    return this.enqueueReload(account, app);
  }

  async enqueueReload(account: AccountEntity, app: WebAppEntity): Promise<JobEntity> {
    await this.jobs.cancelQueued(webappResourceKey(app.id), JobName.WebAppReload);
    return this.jobs.enqueue(
      JobName.WebAppReload,
      { accountId: account.id, username: account.username, webappId: app.id, domain: app.domain },
      { accountId: account.id, resourceKey: webappResourceKey(app.id), nodeId: app.nodeId },
    );
  }

  async history(account: AccountEntity, domain: string): Promise<JobEntity[]> {
    const app = await this.find(account, domain);
    return this.jobs.listForResource(account.id, webappResourceKey(app.id), 50);
  }

  async enable(account: AccountEntity, domain: string): Promise<JobEntity> {
    const app = await this.find(account, domain);
    await this.webapps.update({ id: app.id }, { enabled: true });
    try {
      return await this.enqueueReload(account, { ...app, enabled: true } as WebAppEntity);
    } catch (error) {
      // Refused (the account's queue is full): the app stays as it was.
      if (!app.enabled) await this.webapps.update({ id: app.id }, { enabled: false });
      throw error;
    }
  }

  async disable(account: AccountEntity, domain: string): Promise<JobEntity> {
    const app = await this.find(account, domain);
    await this.jobs.cancelQueued(webappResourceKey(app.id), JobName.WebAppReload);
    await this.webapps.update({ id: app.id }, { enabled: false });
    return this.stopJob(account, app, false);
  }

  /** Deletes the app (its route and containers); its code, WSGI file, logs and databases are kept. */
  async delete(account: AccountEntity, domain: string): Promise<void> {
    const app = await this.find(account, domain);
    await this.jobs.cancelQueued(webappResourceKey(app.id), JobName.WebAppReload);
    await this.webapps.delete({ id: app.id });
    await this.stopJob(account, app, true);
  }

  private stopJob(account: AccountEntity, app: WebAppEntity, deleteApp: boolean) {
    return this.jobs.enqueue(
      JobName.WebAppStop,
      { accountId: account.id, username: account.username, webappId: app.id, domain: app.domain, deleteApp },
      // Stopping frees what the app holds (and follows a delete already made): never refused by the queue cap.
      { accountId: account.id, resourceKey: webappResourceKey(app.id), nodeId: app.nodeId, maxQueued: null },
    );
  }

  // Static files

  async addStaticFile(account: AccountEntity, domain: string, url: string, path: string): Promise<StaticFileView> {
    const app = await this.find(account, domain);
    const containerPath = this.containerPath(account, path);
    await this.checkInHome(account, containerPath);
    if (app.staticFiles?.some((s) => s.url === url)) throw new WebAppsException('WEBAPP_STATIC_URL_TAKEN', `There is already a static file mapping for ${url}.`);
    const saved = await this.staticFiles.save(this.staticFiles.create({ webappId: app.id, url, path: containerPath }));
    return { id: saved.id, url: saved.url, path: saved.path };
  }

  async updateStaticFile(account: AccountEntity, domain: string, id: number, patch: { url?: string; path?: string }): Promise<StaticFileView> {
    const mapping = await this.findStaticFile(account, domain, id);
    if (patch.url !== undefined && patch.url !== mapping.url) {
      const app = await this.find(account, domain);
      if (app.staticFiles?.some((s) => s.url === patch.url)) throw new WebAppsException('WEBAPP_STATIC_URL_TAKEN', `There is already a static file mapping for ${patch.url}.`);
      mapping.url = patch.url;
    }
    if (patch.path !== undefined) {
      mapping.path = this.containerPath(account, patch.path);
      await this.checkInHome(account, mapping.path);
    }
    await this.staticFiles.save(mapping);
    return { id: mapping.id, url: mapping.url, path: mapping.path };
  }

  async deleteStaticFile(account: AccountEntity, domain: string, id: number): Promise<void> {
    await this.staticFiles.delete({ id: (await this.findStaticFile(account, domain, id)).id });
  }

  async findStaticFile(account: AccountEntity, domain: string, id: number): Promise<StaticFileEntity> {
    const app = await this.find(account, domain);
    const mapping = app.staticFiles?.find((s) => s.id === id);
    if (!mapping) throw new WebAppsException('WEBAPP_STATIC_FILE_NOT_FOUND', `No static file mapping with id ${id}.`);
    return mapping;
  }

  // WSGI file and logs

  async readWsgiFile(account: AccountEntity, domain: string): Promise<WsgiFileView> {
    const app = await this.find(account, domain);
    const content = (await this.wsgiFiles.read(account, app.domain)) ?? '';
    return { path: wsgiContainerPath(app.domain), content };
  }

  /** Saves the WSGI file and reloads the app (as touching it does), returning the reload job. */
  async saveWsgiFile(account: AccountEntity, domain: string, content: string): Promise<{ path: string; content: string; job: JobEntity | null }> {
    const app = await this.find(account, domain);
    await this.wsgiFiles.write(account, app.domain, content);
    const job = app.enabled ? await this.enqueueReload(account, app) : null;
    return { path: wsgiContainerPath(app.domain), content, job };
  }

  async tailLog(account: AccountEntity, domain: string, kind: WebAppLogKind): Promise<string> {
    const app = await this.find(account, domain);
    const path = join(this.webDirs(account).log, webappLogFileName(app.domain, kind));
    return (await readAccountFile(path, { maxBytes: LOG_TAIL_BYTES, tail: true }))?.text ?? '';
  }

  /** Which environments (by name in ~/.virtualenvs) the account's apps use. */
  async usedByForAccount(accountId: number, username: string): Promise<Map<string, string[]>> {
    const prefix = `${accountContainerHome(username)}/${WORKON_DIR}/`;
    const map = new Map<string, string[]>();
    for (const app of await this.webapps.findBy({ accountId })) {
      if (!app.virtualenvPath?.startsWith(prefix)) continue;
      const name = app.virtualenvPath.slice(prefix.length).replace(/\/+$/, '');
      map.set(name, [...(map.get(name) ?? []), app.domain]);
    }
    return map;
  }

  toView(app: WebAppEntity): WebAppView {
    return {
      id: app.id,
      domain: app.domain,
      domainVerification: this.verificationView(app),
      url: `http://${app.domain}${this.config.appsPort === 80 ? '' : `:${this.config.appsPort}`}/`,
      pythonVersion: app.pythonVersion,
      sourceDirectory: app.sourceDirectory,
      workingDirectory: app.workingDirectory,
      wsgiFile: wsgiContainerPath(app.domain),
      command: app.command,
      virtualenv: app.virtualenvPath,
      workers: app.workers,
      enabled: app.enabled,
      forceHttps: app.forceHttps,
      passwordProtection: { enabled: app.passwordProtectionEnabled, username: app.passwordProtectionUsername },
      runMigrationsOnReload: app.runMigrationsOnReload,
      status: shownStatus(app),
      nodeId: app.nodeId,
      lastReloadJobId: app.lastReloadJobId,
      lastReloadError: app.lastReloadError,
      lastReloadedAt: app.lastReloadedAt?.toISOString() ?? null,
      staticFiles: (app.staticFiles ?? []).sort((a, b) => a.id - b.id).map((s) => ({ id: s.id, url: s.url, path: s.path })),
      logs: {
        access: webappLogContainerPath(app.domain, 'access'),
        error: webappLogContainerPath(app.domain, 'error'),
        server: webappLogContainerPath(app.domain, 'server'),
      },
      createdAt: app.createdAt.toISOString(),
    };
  }

  // helpers

  ownDomain(account: AccountEntity) {
    return `${account.username}.${this.config.appsDomain}`;
  }

  /** The domain if this account may use it (WEBAPP_DOMAIN_REFUSED otherwise); whether it is free is not checked. */
  checkDomain(account: AccountEntity, domain: string): string {
    const problem = domainProblem(domain, {
      appsDomain: this.config.appsDomain,
      ownDomain: this.ownDomain(account),
      platformHosts: [...new Set([new URL(this.config.api.publicUrl).hostname.replace(/^\[|\]$/g, ''), 'localhost'])],
    });
    if (problem) throw new WebAppsException('WEBAPP_DOMAIN_REFUSED', problem);
    return domain;
  }

  /** The account's own name and the operator's allow-list are verified at once; other domains get a DNS token. */
  initialVerification(account: AccountEntity, domain: string): Pick<WebAppEntity, 'domainVerifiedAt' | 'domainVerificationToken'> {
    const trusted = domain === this.ownDomain(account) || domainAllowListed(domain, this.config.customDomainAllowList);
    return { domainVerifiedAt: trusted ? new Date() : null, domainVerificationToken: trusted ? null : `panel-${randomBytes(16).toString('hex')}` };
  }

  private verificationView(app: WebAppEntity): DomainVerificationView {
    return {
      verified: app.domainVerifiedAt !== null,
      verifiedAt: app.domainVerifiedAt?.toISOString() ?? null,
      cnameTarget: `${app.account!.username}.${this.config.appsDomain}`,
      txtRecord: app.domainVerificationToken ? { name: domainVerificationRecord(app.domain), value: app.domainVerificationToken } : null,
    };
  }

  /**
   * Checks DNS for a custom domain's proof (a CNAME to the account's own name or the TXT record) and, once it is
   * there, routes the domain (a reload loads Caddy's routes). Already verified: nothing to do.
   */
  async verifyDomain(account: AccountEntity, domain: string): Promise<WebAppEntity> {
    const app = await this.find(account, domain);
    if (app.domainVerifiedAt) return app;
    if (domainAllowListed(app.domain, this.config.customDomainAllowList)) {
      await this.webapps.update({ id: app.id }, { domainVerifiedAt: new Date() });
    } else {
      const proof = await this.verifier.check(app.domain, this.ownDomain(account), app.domainVerificationToken ?? '');
      if (!proof.proven) {
        throw new WebAppsException(
          'WEBAPP_DOMAIN_NOT_VERIFIED',
          `${app.domain} is not verified yet. Add a CNAME record from ${app.domain} to ${this.ownDomain(account)}, or a TXT record ${domainVerificationRecord(app.domain)} with the value ${app.domainVerificationToken}, then check again (DNS changes can take a while to reach here). Found: ${proof.seen}.`,
        );
      }
      await this.webapps.update({ id: app.id }, { domainVerifiedAt: new Date() });
    }
    if (app.enabled) await this.reload(account, domain);
    return this.find(account, domain);
  }

  /** A user path as seen in containers (/home/<username>/...), from a relative or absolute one. */
  containerPath(account: AccountEntity, path: string): string {
    return accountContainerPath(account.username, path);
  }

  /** Refuses (HomePathError, a 400) a container path that leaves the home, through symlinks too. */
  async checkInHome(account: AccountEntity, containerPath: string): Promise<void> {
    await resolveHomePath(accountHostHome(this.config, account.username), account.username, containerPath);
  }

  private resolveVirtualenv(account: AccountEntity, value: string): string {
    return /^[A-Za-z0-9._-]+$/.test(value) && value !== '.' && value !== '..'
      ? `${accountContainerHome(account.username)}/${WORKON_DIR}/${value}`
      : this.containerPath(account, value);
  }

  /** Refuses a virtualenv that is missing or made with another Python version, naming both versions. */
  private async checkVirtualenv(account: AccountEntity, app: WebAppEntity) {
    await this.checkInHome(account, app.virtualenvPath!);
    const home = await openAccountHome(this.config, account);
    const hostPath = await home.hostPath(app.virtualenvPath!).catch(() => null);
    const problem = await virtualenvProblem(hostPath, app.virtualenvPath!, app.pythonVersion);
    if (problem) throw new WebAppsException('WEBAPP_VIRTUALENV_UNUSABLE', problem);
  }
}

/**
 * panel-api writes what the account wants (`enabled`); only the worker writes `status` (what runs). Until the worker
 * has acted, the wish shows: a disabled app is "disabled", and an enabled one the worker last stopped is "stopped".
 */
export function shownStatus(app: Pick<WebAppEntity, 'enabled' | 'status'>): WebAppStatus {
  if (!app.enabled) return 'disabled';
  return app.status === 'disabled' ? 'stopped' : app.status;
}
