import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName, mostFreeNode, nodeQueueName } from '@panel/contracts';
import { AccountEntity, ConsoleEntity, JobEntity, NodeEntity, placedContainers, WebAppEntity } from '@panel/database';
import { JobEnqueuer, nodesWithLiveness, webappResourceKey } from '@panel/jobs';
import { PANEL_CONFIG, REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { DataSource, In } from 'typeorm';
import { LeaderLock } from '../leadership/leader-lock.service';
import { PeriodicPass, PeriodicService } from '../leadership/periodic-pass';

const TICK_MS = 5_000;

/**
 * The leader's watch over the nodes: a node whose heartbeat has been gone longer than PANEL_NODE_DOWN_GRACE_SECONDS
 * is declared `down`. Its waiting and running jobs fail with a message naming it, its accounts get a new home (the
 * placement rule over the active nodes), its consoles show as ended and its web apps are started there (a new
 * placement epoch); the edge follows the rows. A node that
 * comes back finds nothing of this in its own name and removes what it still runs (its reconciler).
 */
@Injectable()
export class NodeWatch extends PeriodicService {
  private readonly logger = new Logger(NodeWatch.name);
  protected readonly passes = new PeriodicPass(this.logger, 'node watch', () => this.pass(), TICK_MS);

  constructor(
    private readonly leader: LeaderLock,
    private readonly enqueuer: JobEnqueuer,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {
    super();
  }


  private async pass() {
    if (!(await this.leader.hold())) return;
    const graceMs = this.config.nodeDownGraceSeconds * 1000;
    for (const { node, online } of await nodesWithLiveness(this.dataSource.manager, this.redis)) {
      if (node.state === 'down' || online || Date.now() - node.lastHeartbeatAt.getTime() < graceMs) continue;
      await this.declareDown(node);
    }
  }

  private async declareDown(node: NodeEntity) {
    const nodes = this.dataSource.getRepository(NodeEntity);
    // Only from the state read: a node that beat again meanwhile (its worker rewrote the row) is left alone.
    const marked = await nodes.update({ id: node.id, state: node.state, lastHeartbeatAt: node.lastHeartbeatAt }, { state: 'down' });
    if (!marked.affected) return;
    const silent = Math.round((Date.now() - node.lastHeartbeatAt.getTime()) / 1000);
    this.logger.warn(`node ${node.id} is down (no heartbeat for ${silent} s); placing what ran there elsewhere`);

    const message = `Node ${node.id} went down (no heartbeat for ${silent} s) before this job finished. Run it again.`;
    await this.enqueuer.queue(nodeQueueName(node.id)).drain().catch((error: Error) => this.logger.warn(`draining ${node.id}'s queue: ${error.message}`));
    await this.dataSource.getRepository(JobEntity).update({ nodeId: node.id, status: In(['queued', 'running']) }, { status: 'failed', error: message, finishedAt: new Date() });

    // Moves that involve it stop: one to it never switched (the old node serves on), one from it has already switched.
    const webappRows = this.dataSource.getRepository(WebAppEntity);
    await webappRows.update({ movingToNodeId: node.id }, { movingToNodeId: null });
    await webappRows.update({ leavingNodeId: node.id }, { leavingNodeId: null });

    const accounts = this.dataSource.getRepository(AccountEntity);
    const homed = await accounts.find({ where: { homeNodeId: node.id }, select: { id: true, username: true } });
    const webapps = await webappRows.find({ where: { nodeId: node.id } });
    const consoles = this.dataSource.getRepository(ConsoleEntity);
    if (!homed.length && !webapps.length && !(await consoles.existsBy({ nodeId: node.id }))) return;
    const candidates = (await nodesWithLiveness(this.dataSource.manager, this.redis)).filter((n) => n.online && n.node.state === 'active').map((n) => n.node);
    const placed = await placedContainers(this.dataSource.manager);
    const limits = { containerMemoryBytes: this.config.containerLimits.memoryBytes, overcommit: this.config.nodeMemoryOvercommit };
    const newHome = new Map<number, string>();
    for (const account of homed) {
      const target = mostFreeNode(candidates.map((n) => ({ id: n.id, memoryBytes: n.capacity.memoryBytes })), placed, limits);
      if (!target) {
        this.logger.error(`no active node has room for ${account.username}, whose node ${node.id} is down`);
        continue;
      }
      await accounts.update({ id: account.id, homeNodeId: node.id }, { homeNodeId: target });
      newHome.set(account.id, target);
      const moved = webapps.filter((w) => w.accountId === account.id).length;
      placed.set(target, (placed.get(target) ?? 0) + moved);
    }
    // Accounts homed elsewhere already (moved by a drain) keep their home; what they had left here goes there too.
    const others = await accounts.find({ where: { id: In(webapps.map((w) => w.accountId)) }, select: { id: true, homeNodeId: true } });
    for (const account of others) if (account.homeNodeId && account.homeNodeId !== node.id) newHome.set(account.id, account.homeNodeId);
    // Its consoles' programs died with it: they show as ended, and opening one starts it on the account's new home.
    await this.dataSource.query(
      `UPDATE consoles c JOIN accounts a ON a.id = c.account_id
          SET c.node_id = a.home_node_id, c.ended_reason = CONCAT('Ended when server ', ?, ' went down; open it again to start it on server ', a.home_node_id, '.')
        WHERE c.node_id = ? AND a.home_node_id IS NOT NULL AND a.home_node_id <> ?`,
      [node.id, node.id, node.id],
    );
    for (const app of webapps) {
      const target = newHome.get(app.accountId);
      if (!target) continue;
      const replaced = await webappRows.update(
        { id: app.id, nodeId: node.id, placementEpoch: app.placementEpoch },
        { nodeId: target, placementEpoch: app.placementEpoch + 1, movingToNodeId: null, leavingNodeId: null, upstream: null, containerId: null },
      );
      if (!replaced.affected || !app.enabled) continue;
      const owner = await accounts.findOneOrFail({ where: { id: app.accountId }, select: { id: true, username: true } });
      await this.enqueuer.enqueue(
        JobName.WebAppReload,
        { accountId: app.accountId, username: owner.username, webappId: app.id, domain: app.domain },
        { accountId: app.accountId, resourceKey: webappResourceKey(app.id), nodeId: target },
      );
      this.logger.log(`${app.domain} moves from ${node.id} to ${target}`);
    }
  }
}
