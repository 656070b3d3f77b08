import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName } from '@panel/contracts';
import { JobEntity, NodeEntity, WebAppEntity } from '@panel/database';
import { JobEnqueuer, webappReleaseResourceKey } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { In, Repository } from 'typeorm';
import { LeaderLock } from '../leadership/leader-lock.service';
import { PeriodicPass } from '../leadership/periodic-pass';
import { CaddyAdmin } from './caddy-admin';
import { buildEdgeConfig, EdgeRoute } from './caddy-config';
import { routedDomains } from './routed-domains';

const TICK_MS = 2_000;

/**
 * The edge Caddy in front of every node's Caddy (PANEL_EDGE_ADMIN_URL; without it there is no edge). The platform's
 * leader (LeaderLock) configures it: it rebuilds the edge's routes from the database (every routed domain to its
 * node's Caddy) and loads them when they changed or when the edge lost them (restarted). When the leader dies,
 * another worker leads within a tick and loads its own. Once the edge routes a moved app to its new node, the leader
 * has the node it left release it.
 */
@Injectable()
export class EdgeIngress implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EdgeIngress.name);
  private loadedHash: string | null = null;
  /** Releases asked for by this leader (app id and placement epoch). */
  private readonly releasing = new Set<string>();
  private readonly passes = new PeriodicPass(this.logger, 'edge', () => this.pass(), TICK_MS);
  private readonly edge: CaddyAdmin | null;

  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    private readonly enqueuer: JobEnqueuer,
    private readonly leader: LeaderLock,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {
    this.edge = config.edge ? new CaddyAdmin(config.edge.adminUrl) : null;
  }

  onApplicationBootstrap() {
    if (this.edge) this.passes.start(true);
  }

  onApplicationShutdown() {
    return this.passes.stop();
  }

  /** One pass: as the leader, bring the edge up to date. Also called by tests. */
  tick(): Promise<void> {
    return this.passes.run();
  }

  private async pass() {
    if (!(await this.leader.hold())) {
      this.loadedHash = null; // whoever leads next loads its own
      return;
    }
    const { hash, config, apps } = await this.buildConfig();
    if (hash !== this.loadedHash || (await this.edge!.holds(hash)) === false) {
      await this.edge!.load(config);
      if (this.loadedHash !== hash) this.logger.log(`edge routes loaded (${hash})`);
      this.loadedHash = hash;
    }
    await this.releaseMovedApps(apps);
  }

  /**
   * The edge now routes every moved app to its new node (the config just loaded is built from the rows read), so the
   * node each one left may stop serving it: one release job per app and placement.
   */
  private async releaseMovedApps(apps: WebAppEntity[]) {
    for (const app of apps) {
      if (!app.leavingNodeId) continue;
      const key = `${app.id}:${app.placementEpoch}`;
      if (this.releasing.has(key)) continue;
      const pending = await this.jobs.exist({ where: { resourceKey: webappReleaseResourceKey(app.id), status: In(['queued', 'running']) } });
      if (!pending) {
        await this.enqueuer.enqueue(
          JobName.WebAppRelease,
          { accountId: app.accountId, username: app.account?.username ?? '', webappId: app.id, domain: app.domain, placementEpoch: app.placementEpoch },
          { accountId: app.accountId, nodeId: app.leavingNodeId, resourceKey: webappReleaseResourceKey(app.id) },
        );
      }
      this.releasing.add(key);
    }
  }

  private async buildConfig() {
    const [apps, nodes] = await Promise.all([
      this.webapps.find({
        select: { id: true, accountId: true, domain: true, domainVerifiedAt: true, nodeId: true, leavingNodeId: true, placementEpoch: true, account: { id: true, username: true } },
        relations: { account: true },
      }),
      this.nodes.find(),
    ]);
    const ingressOf = new Map(nodes.map((n) => [n.id, n.ingressAddress]));
    const routes: EdgeRoute[] = [];
    for (const app of apps) {
      // Only the current placement: a node an app is moving to gets traffic once the move switched the row.
      const nodeIngress = ingressOf.get(app.nodeId);
      if (nodeIngress) routes.push({ domains: routedDomains(app, this.config), nodeIngress });
    }
    return { ...buildEdgeConfig(routes, { adminListen: new URL(this.edge!.adminUrl).host, port: this.config.edge!.port }), apps };
  }
}
