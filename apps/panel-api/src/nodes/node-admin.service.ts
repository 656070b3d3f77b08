import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NodeView, nodeStateForImages, RUNTIME_IMAGES } from '@panel/contracts';
import { AccountEntity, NodeEntity } from '@panel/database';
import { Repository } from 'typeorm';
import { NodeDirectory } from './node-directory.service';
import { NodesException } from './nodes.exceptions';

/** What an operator does to a node: cordon, uncordon, remove. */
@Injectable()
export class NodeAdmin {
  constructor(
    private readonly directory: NodeDirectory,
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
  ) {}

  async cordon(id: string): Promise<NodeView> {
    await this.directory.get(id);
    await this.nodes.update({ id }, { state: 'cordoned' });
    return this.directory.view(await this.directory.get(id));
  }

  async uncordon(id: string): Promise<NodeView> {
    const { node } = await this.directory.get(id);
    if (node.state === 'cordoned') {
      // The same rule the node's worker applies: active when every runtime image is there, else preparing.
      const missing = RUNTIME_IMAGES.filter((image) => !(node.images ?? []).includes(image));
      await this.nodes.update({ id, state: 'cordoned' }, { state: nodeStateForImages('preparing', missing) });
    }
    return this.directory.view(await this.directory.get(id));
  }

  async remove(id: string): Promise<void> {
    const { online } = await this.directory.get(id);
    if (online) throw new NodesException('NODE_ONLINE', `Node ${id}'s worker is still running. Stop it first, then remove the node.`);
    const load = await this.directory.load(id);
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
