import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { domainAllowListed } from '@panel/contracts';
import { WebAppEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { setTimeout as sleep } from 'node:timers/promises';
import { Repository } from 'typeorm';
import { AppRoute, buildCaddyConfig } from './caddy-config';

const CHECK_INTERVAL_MS = 5_000;
const LOAD_ATTEMPTS = 5;
const LOAD_RETRY_DELAY_MS = 200;

/**
 * This node's Caddy, configured only through its admin API. The routes are always rebuilt from the database (the
 * truth), so a restarted Caddy or worker serves every enabled app again; a periodic check notices a Caddy that lost
 * its config and loads it again.
 */
@Injectable()
export class CaddyIngress implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaddyIngress.name);
  private loadedHash: string | null = null;
  private timer?: NodeJS.Timeout;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async onApplicationBootstrap() {
    await this.sync().catch((error) => this.logger.error(`could not configure Caddy: ${error.message}`));
    this.timer = setInterval(() => void this.checkCaddy(), CHECK_INTERVAL_MS);
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  /** Rebuilds the routes of this node's apps from the database and loads them into Caddy (serialised). */
  sync(): Promise<void> {
    this.syncing = this.syncing.catch(() => undefined).then(() => this.load());
    return this.syncing;
  }

  /**
   * A custom domain routes only once verified: an unverified one could be someone else's or the dashboard's. Names
   * under the apps domain are always the account's own (panel-api allows no other there).
   */
  private routes(app: WebAppEntity): boolean {
    return app.domainVerifiedAt !== null || app.domain.endsWith(`.${this.config.appsDomain}`) || domainAllowListed(app.domain, this.config.customDomainAllowList);
  }

  private async load() {
    const apps = await this.webapps.find({ where: { nodeId: this.config.nodeId } });
    const routes: AppRoute[] = apps.map((app) => ({
      webappId: app.id,
      domains: this.routes(app) ? [app.domain] : [],
      upstream: app.upstream,
      enabled: app.enabled,
      forceHttps: app.forceHttps,
      basicAuth:
        app.passwordProtectionEnabled && app.passwordProtectionUsername && app.passwordProtectionHash
          ? { username: app.passwordProtectionUsername, bcryptHash: app.passwordProtectionHash }
          : null,
    }));
    const adminListen = new URL(this.config.caddyAdminUrl).host;
    const { hash, config } = buildCaddyConfig(routes, { adminListen, appsPort: this.config.appsPort });
    const response = await this.postLoad(JSON.stringify(config));
    if (!response.ok) throw new Error(`Caddy refused the config: ${response.status} ${await response.text()}`);
    this.loadedHash = hash;
  }

  /**
   * POST /load. Caddy restarts its admin endpoint after a load that changes the admin settings (the first load into a
   * freshly started Caddy does), so a load right after it can meet a closed socket: such network errors are retried.
   */
  private async postLoad(body: string): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(`${this.config.caddyAdminUrl}/load`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        if (attempt >= LOAD_ATTEMPTS || (error as Error).name === 'TimeoutError') throw error;
        await sleep(LOAD_RETRY_DELAY_MS);
      }
    }
  }

  private async checkCaddy() {
    if (!this.loadedHash) return;
    try {
      const response = await fetch(`${this.config.caddyAdminUrl}/id/panel-config-${this.loadedHash}`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      this.logger.warn('Caddy does not hold the routes (restarted?); loading them again');
    } catch {
      return; // Caddy is down; the next check after it is back reloads.
    }
    await this.sync().catch((error) => this.logger.error(`could not configure Caddy: ${error.message}`));
  }
}
