import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NodeEntity } from '@panel/database';
import { nodeHeartbeatKey } from '@panel/jobs';
import { REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { Repository } from 'typeorm';

export interface NodeWithLiveness {
  node: NodeEntity;
  /** Its worker's heartbeat key lives (it expires a few beats after the worker stops). */
  online: boolean;
}

/** The registered nodes and which are online: the one place that reads heartbeats. */
@Injectable()
export class NodeDirectory {
  constructor(
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async all(): Promise<NodeWithLiveness[]> {
    const nodes = await this.nodes.find({ order: { id: 'ASC' } });
    if (!nodes.length) return [];
    const beats = await this.redis.mget(...nodes.map((n) => nodeHeartbeatKey(n.id)));
    return nodes.map((node, i) => ({ node, online: beats[i] !== null }));
  }

  async onlineIds(): Promise<string[]> {
    return (await this.all()).filter((n) => n.online).map((n) => n.node.id);
  }
}
