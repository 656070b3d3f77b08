import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { NodeEntity, WebAppEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { DataSource, type QueryRunner, Repository } from 'typeorm';
import { CaddyAdmin } from './caddy-admin';
import { buildEdgeConfig, EdgeRoute } from './caddy-config';
import { routedDomains } from './routed-domains';

/** The MariaDB named lock whose holder is the one worker that configures the edge. */
const EDGE_LOCK = 'panel:edge-ingress';
const TICK_MS = 2_000;

/**
 * The edge Caddy in front of every node's Caddy (PANEL_EDGE_ADMIN_URL; without it there is no edge). One worker of
 * the platform holds the ingress role, by a MariaDB named lock held on a connection of its own: when that worker
 * dies, MariaDB frees the lock with its connection and another worker takes the role at its next tick. The holder
 * rebuilds the edge's routes from the database (every routed domain to its node's Caddy) and loads them when they
 * changed or when the edge lost them (restarted).
 */
@Injectable()
export class EdgeIngress implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EdgeIngress.name);
  private lock: QueryRunner | null = null;
  private loadedHash: string | null = null;
  private timer?: NodeJS.Timeout;
  private ticking: Promise<void> | null = null;
  private readonly edge: CaddyAdmin | null;

  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {
    this.edge = config.edge ? new CaddyAdmin(config.edge.adminUrl) : null;
  }

  /** Whether this worker holds the edge role now. */
  get leading(): boolean {
    return this.lock !== null;
  }

  onApplicationBootstrap() {
    if (!this.edge) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.ticking;
    await this.resign();
  }

  /** One pass: take the role if it is free, then (as the holder) bring the edge up to date. Also called by tests. */
  tick(): Promise<void> {
    this.ticking ??= this.pass()
      .catch((error) => this.logger.warn(`edge: ${(error as Error).message}`))
      .finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async pass() {
    if (!(await this.holdsLock())) return;
    const { hash, config } = await this.buildConfig();
    if (hash === this.loadedHash && (await this.edge!.holds(hash)) !== false) return;
    await this.edge!.load(config);
    if (this.loadedHash !== hash) this.logger.log(`edge routes loaded (${hash})`);
    this.loadedHash = hash;
  }

  private async holdsLock(): Promise<boolean> {
    if (this.lock) {
      try {
        const [row] = (await this.lock.query('SELECT IS_USED_LOCK(?) = CONNECTION_ID() AS mine', [EDGE_LOCK])) as { mine: number | string | null }[];
        if (Number(row?.mine) === 1) return true;
      } catch {
        // The connection is gone, and the lock with it.
      }
      this.logger.warn('lost the edge role');
      await this.resign();
      return false;
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const [row] = (await runner.query('SELECT GET_LOCK(?, 0) AS got', [EDGE_LOCK])) as { got: number | string | null }[];
    if (Number(row?.got) !== 1) {
      await runner.release();
      return false;
    }
    this.lock = runner;
    this.loadedHash = null;
    this.logger.log(`node ${this.config.nodeId} holds the edge role`);
    return true;
  }

  private async resign() {
    const runner = this.lock;
    this.lock = null;
    if (!runner) return;
    await runner.query('SELECT RELEASE_LOCK(?)', [EDGE_LOCK]).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }

  private async buildConfig() {
    const [apps, nodes] = await Promise.all([this.webapps.find({ select: { id: true, domain: true, domainVerifiedAt: true, nodeId: true } }), this.nodes.find()]);
    const ingressOf = new Map(nodes.map((n) => [n.id, n.ingressAddress]));
    const routes: EdgeRoute[] = [];
    for (const app of apps) {
      const nodeIngress = ingressOf.get(app.nodeId);
      if (nodeIngress) routes.push({ domains: routedDomains(app, this.config), nodeIngress });
    }
    return buildEdgeConfig(routes, { adminListen: new URL(this.edge!.adminUrl).host, port: this.config.edge!.port });
  }
}
