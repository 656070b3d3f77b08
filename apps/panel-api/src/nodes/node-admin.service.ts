import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { PANEL_CONFIG } from '@panel/nest';
import { InjectRepository } from '@nestjs/typeorm';
import { DrainNodeRequest, NodeView, nodeStateForImages, RUNTIME_IMAGES } from '@panel/contracts';
import { AccountEntity, NodeEntity } from '@panel/database';
import { Repository } from 'typeorm';
import { NodeDirectory } from './node-directory.service';
import { NodesException } from './nodes.exceptions';

/** What an operator does to a node: cordon, uncordon, drain, remove. */
@Injectable()
export class NodeAdmin {
  constructor(
    private readonly directory: NodeDirectory,
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /** No new placements; a drain in progress stops where it is (what was moved stays moved). */
  async cordon(id: string): Promise<NodeView> {
    const { node } = await this.directory.get(id);
    if (node.state === 'down') throw new NodesException('NODE_DOWN', `Node ${id} is down; what ran there was placed elsewhere. Start its worker to bring it back.`);
    await this.nodes.update({ id }, { state: 'cordoned', drainStartedAt: null, drainConsolesEndAt: null });
    return this.directory.view(await this.directory.get(id));
  }

  /** Takes placements again; also cancels a drain. */
  async uncordon(id: string): Promise<NodeView> {
    const { node } = await this.directory.get(id);
    if (node.state === 'cordoned' || node.state === 'draining') {
      // The same rule the node's worker applies: active when every runtime image is there, else preparing.
      const missing = RUNTIME_IMAGES.filter((image) => !(node.images ?? []).includes(image));
      await this.nodes.update({ id, state: node.state }, { state: nodeStateForImages('preparing', missing), drainStartedAt: null, drainConsolesEndAt: null });
    }
    return this.directory.view(await this.directory.get(id));
  }

  /**
   * Moves everything off the node (the leader's NodeDrain), then it is cordoned. Refused for the last active node:
   * there would be nowhere to move its apps.
   */
  async drain(id: string, request: DrainNodeRequest): Promise<NodeView> {
    const all = await this.directory.all();
    const entry = all.find((n) => n.node.id === id);
    if (!entry) throw new NodesException('NODE_NOT_FOUND', `There is no node ${id}.`);
    const { node } = entry;
    if (node.state === 'draining') return this.directory.view(entry);
    if (node.state === 'down') throw new NodesException('NODE_DOWN', `Node ${id} is down; what ran there was already placed elsewhere.`);
    const others = all.filter((n) => n.node.id !== id && n.online && n.node.state === 'active').map((n) => n.node.id);
    if (!others.length) {
      throw new NodesException('NODE_LAST_ACTIVE', `Node ${id} is the only active node: draining it would leave nowhere to move its apps and consoles. Add a node (or uncordon one) first.`);
    }
    const now = new Date();
    const deadlineSeconds = request.consoleDeadlineSeconds ?? this.config.drainConsoleDeadlineSeconds;
    await this.nodes.update({ id, state: node.state }, { state: 'draining', drainStartedAt: now, drainConsolesEndAt: new Date(now.getTime() + deadlineSeconds * 1000) });
    return this.directory.view(await this.directory.get(id));
  }

  async remove(id: string): Promise<void> {
    const { node, online } = await this.directory.get(id);
    if (online) throw new NodesException('NODE_ONLINE', `Node ${id}'s worker is still running. Stop it first, then remove the node.`);
    const load = await this.directory.load(id);
    if (node.state === 'draining') throw new NodesException('NODE_DRAINING', `Node ${id} is still draining; remove it once it is cordoned.`);
    if (load.accounts || load.webapps || load.consoles) {
      const homes = await this.accounts.find({ where: { homeNodeId: id }, select: { username: true }, order: { username: 'ASC' }, take: 5 });
      const named = homes.length ? ` (accounts ${homes.map((a) => a.username).join(', ')}${load.accounts > homes.length ? ', …' : ''})` : '';
      throw new NodesException(
        'NODE_IN_USE',
        `Node ${id} still has ${load.accounts} account(s), ${load.webapps} web app(s) and ${load.consoles} console(s) placed on it${named}. Move them off first.`,
      );
    }
    await this.nodes.delete({ id });
  }
}
