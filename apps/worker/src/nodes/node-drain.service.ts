import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName, mostFreeNode, nodeQueueName } from '@panel/contracts';
import { AccountEntity, ConsoleEntity, failedDrainMoves, NodeEntity, placedContainers, WebAppEntity } from '@panel/database';
import { JobEnqueuer, nodesWithLiveness, webappResourceKey } from '@panel/jobs';
import { PANEL_CONFIG, REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { DataSource, IsNull, Not } from 'typeorm';
import { LeaderLock } from '../leadership/leader-lock.service';
import { PeriodicPass, PeriodicService } from '../leadership/periodic-pass';

const TICK_MS = 2_000;

/**
 * The leader's drain of the nodes an operator set `draining`: the node's accounts get new homes (the placement rule
 * over the other active nodes), its web apps move one at a time with no failed request (WebAppMoveInHandler), its
 * consoles are warned and ended at the deadline by the node itself (ConsoleDrain), and once nothing is left on it and
 * its queue is empty the node is `cordoned`. A move that fails is not retried: the node's drain lists it.
 */
@Injectable()
export class NodeDrain extends PeriodicService {
  private readonly logger = new Logger(NodeDrain.name);
  protected readonly passes = new PeriodicPass(this.logger, 'node drain', () => this.pass(), TICK_MS);

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
    const nodes = await nodesWithLiveness(this.dataSource.manager, this.redis);
    for (const { node } of nodes) {
      if (node.state !== 'draining') continue;
      const targets = nodes.filter((n) => n.online && n.node.state === 'active' && n.node.id !== node.id).map((n) => n.node);
      await this.drainStep(node, targets);
    }
  }

  private async drainStep(node: NodeEntity, targets: NodeEntity[]) {
    const manager = this.dataSource.manager;
    await this.rehomeAccounts(node, targets);

    const webapps = manager.getRepository(WebAppEntity);
    const inFlight = await webapps.exists({ where: [{ nodeId: node.id, movingToNodeId: Not(IsNull()) }, { leavingNodeId: node.id }] });
    if (!inFlight) {
      const failed = new Set((await failedDrainMoves(manager, node.id, node.drainStartedAt ?? new Date(0))).map((f) => f.webappId));
      const next = (await webapps.find({ where: { nodeId: node.id }, relations: { account: true }, order: { id: 'ASC' } })).find((w) => !failed.has(w.id));
      if (next) await this.moveApp(next, node);
    }

    const [apps, consoles, accounts, queued] = await Promise.all([
      webapps.countBy({ nodeId: node.id }),
      manager.getRepository(ConsoleEntity).countBy({ nodeId: node.id }),
      manager.getRepository(AccountEntity).countBy({ homeNodeId: node.id }),
      this.enqueuer.queue(nodeQueueName(node.id)).getJobCountByTypes('active', 'waiting', 'delayed', 'prioritized', 'waiting-children'),
    ]);
    const leaving = await webapps.countBy({ leavingNodeId: node.id });
    if (apps || consoles || accounts || queued || leaving) return;
    const done = await manager.getRepository(NodeEntity).update({ id: node.id, state: 'draining' }, { state: 'cordoned', drainStartedAt: null, drainConsolesEndAt: null });
    if (done.affected) this.logger.log(`node ${node.id} is drained: nothing runs there any more; it is cordoned`);
  }

  /** New homes for the node's accounts, so their new consoles, apps and jobs go elsewhere at once. */
  private async rehomeAccounts(node: NodeEntity, targets: NodeEntity[]) {
    const accounts = this.dataSource.getRepository(AccountEntity);
    const homed = await accounts.find({ where: { homeNodeId: node.id }, select: { id: true, username: true } });
    if (!homed.length) return;
    const placed = await placedContainers(this.dataSource.manager);
    const limits = { containerMemoryBytes: this.config.containerLimits.memoryBytes, overcommit: this.config.nodeMemoryOvercommit };
    const webapps = this.dataSource.getRepository(WebAppEntity);
    for (const account of homed) {
      const target = mostFreeNode(targets.map((n) => ({ id: n.id, memoryBytes: n.capacity.memoryBytes })), placed, limits);
      if (!target) return; // shown in the node's drain problems; tried again next pass
      const moved = await accounts.update({ id: account.id, homeNodeId: node.id }, { homeNodeId: target });
      if (!moved.affected) continue;
      placed.set(target, (placed.get(target) ?? 0) + (await webapps.countBy({ accountId: account.id, nodeId: node.id })));
      this.logger.log(`${account.username}'s home moves from ${node.id} to ${target} (drain)`);
    }
  }

  /** Starts one app's move to its account's new home; one that does not run just changes placement. */
  private async moveApp(app: WebAppEntity, node: NodeEntity) {
    const target = app.account?.homeNodeId;
    if (!target || target === node.id) return; // its account has no new home yet
    const webapps = this.dataSource.getRepository(WebAppEntity);
    const from = { id: app.id, nodeId: node.id, movingToNodeId: IsNull(), placementEpoch: app.placementEpoch };
    if (!app.enabled || !app.upstream) {
      await webapps.update(from, { nodeId: target, placementEpoch: app.placementEpoch + 1, upstream: null, containerId: null });
      this.logger.log(`${app.domain} (not running) is now placed on ${target} (drain of ${node.id})`);
      return;
    }
    const started = await webapps.update(from, { movingToNodeId: target });
    if (!started.affected) return;
    await this.enqueuer.enqueue(
      JobName.WebAppMoveIn,
      { accountId: app.accountId, username: app.account!.username, webappId: app.id, domain: app.domain, fromNodeId: node.id, placementEpoch: app.placementEpoch },
      { accountId: app.accountId, resourceKey: webappResourceKey(app.id), nodeId: target },
    );
    this.logger.log(`${app.domain} moves from ${node.id} to ${target} (drain)`);
  }
}
