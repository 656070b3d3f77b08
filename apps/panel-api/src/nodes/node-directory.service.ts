import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import type { NodeView } from '@panel/contracts';
import { AccountEntity, ConsoleEntity, NodeEntity, WebAppEntity } from '@panel/database';
import { nodeHeartbeatKey } from '@panel/jobs';
import { PANEL_CONFIG, REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { Repository } from 'typeorm';
import { NodesException } from './nodes.exceptions';

export interface NodeWithLiveness {
  node: NodeEntity;
  /** Its worker's heartbeat key lives (it expires a few beats after the worker stops). */
  online: boolean;
}

/** What is placed on a node, for placement and for the operator's view. */
export interface NodeLoad {
  accounts: number;
  webapps: number;
  consoles: number;
}

/** The registered nodes, which are online and what is placed on each: the one place that reads heartbeats. */
@Injectable()
export class NodeDirectory {
  constructor(
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @InjectRepository(ConsoleEntity) private readonly consoles: Repository<ConsoleEntity>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async all(): Promise<NodeWithLiveness[]> {
    const nodes = await this.nodes.find({ order: { id: 'ASC' } });
    if (!nodes.length) return [];
    const beats = await this.redis.mget(...nodes.map((n) => nodeHeartbeatKey(n.id)));
    return nodes.map((node, i) => ({ node, online: beats[i] !== null }));
  }

  async get(id: string): Promise<NodeWithLiveness> {
    const found = (await this.all()).find((n) => n.node.id === id);
    if (!found) throw new NodesException('NODE_NOT_FOUND', `There is no node ${id}.`);
    return found;
  }

  async onlineIds(): Promise<string[]> {
    return (await this.all()).filter((n) => n.online).map((n) => n.node.id);
  }

  async load(nodeId: string): Promise<NodeLoad> {
    const [accounts, webapps, consoles] = await Promise.all([
      this.accounts.countBy({ homeNodeId: nodeId }),
      this.webapps.countBy({ nodeId }),
      this.consoles.countBy({ nodeId }),
    ]);
    return { accounts, webapps, consoles };
  }

  async view(entry: NodeWithLiveness): Promise<NodeView> {
    const { node, online } = entry;
    return {
      id: node.id,
      hostname: node.hostname,
      dockerEndpoint: node.dockerEndpoint,
      capacity: node.capacity,
      lastHeartbeatAt: node.lastHeartbeatAt.toISOString(),
      online,
      state: node.state,
      images: node.images ?? [],
      ...(await this.load(node.id)),
    };
  }
}
