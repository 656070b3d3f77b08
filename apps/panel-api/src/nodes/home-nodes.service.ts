import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { PANEL_CONFIG } from '@panel/nest';
import { InjectRepository } from '@nestjs/typeorm';
import { mostFreeNode } from '@panel/contracts';
import { AccountEntity, NodeEntity, placedContainers } from '@panel/database';
import { IsNull, Repository } from 'typeorm';
import { NodeDirectory } from './node-directory.service';
import { NodesException } from './nodes.exceptions';

/**
 * Placement: every account has a home node, where its consoles and web apps run. An account gets one at its first
 * placement: the active, online node with the most free memory (a node without room for one more container is
 * skipped). The choice is written once (only while the account has none), so two placements at once agree.
 */
@Injectable()
export class HomeNodes {
  constructor(
    private readonly directory: NodeDirectory,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /** The account's home node, choosing one first if it has none. Its home must answer (its things run there). */
  async forAccount(account: Pick<AccountEntity, 'id'>): Promise<string> {
    const row = await this.accounts.findOneOrFail({ where: { id: account.id }, select: { id: true, homeNodeId: true } });
    const nodes = await this.directory.all();
    if (row.homeNodeId) {
      // A cordoned home still serves its accounts: a cordon only stops new accounts going there.
      if (nodes.some((n) => n.node.id === row.homeNodeId && n.online)) return row.homeNodeId;
      throw new NodesException('NODE_HOME_OFFLINE', `Your node ${row.homeNodeId} is not answering right now. Try again in a minute; if it lasts, tell an operator.`);
    }
    const chosen = await this.choose(nodes.filter((n) => n.online && n.node.state === 'active').map((n) => n.node));
    await this.accounts.update({ id: account.id, homeNodeId: IsNull() }, { homeNodeId: chosen });
    const settled = await this.accounts.findOneOrFail({ where: { id: account.id }, select: { id: true, homeNodeId: true } });
    return settled.homeNodeId!;
  }

  private async choose(candidates: NodeEntity[]): Promise<string> {
    const placed = await placedContainers(this.accounts.manager);
    const chosen = mostFreeNode(
      candidates.map((n) => ({ id: n.id, memoryBytes: n.capacity.memoryBytes })),
      placed,
      { containerMemoryBytes: this.config.containerLimits.memoryBytes, overcommit: this.config.nodeMemoryOvercommit },
    );
    if (!chosen) {
      const reason = candidates.length ? 'every active node is full' : 'no worker node is active (a new node is preparing until its runtime images are there)';
      throw new NodesException('NODE_NONE_READY', `Nothing can be started right now: ${reason}. Ask an operator to add or free a node.`);
    }
    return chosen;
  }
}
