import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { WebAppEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { Repository } from 'typeorm';
import { CaddyAdmin } from './caddy-admin';
import { AppRoute, buildCaddyConfig } from './caddy-config';
import { routedDomains } from './routed-domains';
import { AppSockets, appUpstream, nodeAppSockets } from '../webapps/app-sockets';

const CHECK_INTERVAL_MS = 5_000;

/**
 * This node's Caddy, configured only through its admin API. The routes are always rebuilt from the database (the
 * truth), so a restarted Caddy or worker serves every enabled app again; a periodic check notices a Caddy that lost
 * its config and loads it again, and picks up routes that other nodes' workers changed. An app moving to or away
 * from this node routes here too, to its container here.
 */
@Injectable()
export class CaddyIngress implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaddyIngress.name);
  private loadedHash: string | null = null;
  private timer?: NodeJS.Timeout;
  private syncing: Promise<void> = Promise.resolve();
  private readonly caddy: CaddyAdmin;
  private readonly sockets: AppSockets;

  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {
    this.caddy = new CaddyAdmin(config.caddyAdminUrl);
    this.sockets = nodeAppSockets(config);
  }

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

  private async load(options: { onlyIfChanged: boolean } = { onlyIfChanged: false }) {
    const me = this.config.nodeId;
    const apps = await this.webapps.find({ where: [{ nodeId: me }, { movingToNodeId: me }, { leavingNodeId: me }] });
    const routes: AppRoute[] = apps.map((app) => ({
      webappId: app.id,
      domains: routedDomains(app, this.config),
      // An app moving in or leaving is served by its container here (the row's upstream is the other node's).
      upstream: app.nodeId === me ? app.upstream : appUpstream(this.sockets, app.id),
      enabled: app.enabled,
      forceHttps: app.forceHttps,
      basicAuth:
        app.passwordProtectionEnabled && app.passwordProtectionUsername && app.passwordProtectionHash
          ? { username: app.passwordProtectionUsername, bcryptHash: app.passwordProtectionHash }
          : null,
    }));
    const adminListen = new URL(this.config.caddyAdminUrl).host;
    const { hash, config } = buildCaddyConfig(routes, { adminListen, appsPort: this.config.appsPort });
    if (options.onlyIfChanged && hash === this.loadedHash) return;
    await this.caddy.load(config);
    this.loadedHash = hash;
  }

  private async checkCaddy() {
    if (!this.loadedHash) return;
    const holds = await this.caddy.holds(this.loadedHash);
    // Down (null): the next check after it is back reloads.
    if (holds === false) {
      this.logger.warn('Caddy does not hold the routes (restarted?); loading them again');
      await this.sync().catch((error) => this.logger.error(`could not configure Caddy: ${error.message}`));
      return;
    }
    // Rows changed by another node's worker (a move, the leader's drain or failover) reach this Caddy here.
    this.syncing = this.syncing.catch(() => undefined).then(() => this.load({ onlyIfChanged: true }));
    await this.syncing.catch((error) => this.logger.error(`could not configure Caddy: ${error.message}`));
  }
}
