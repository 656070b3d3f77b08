import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NodeEntity, WebAppEntity } from '@panel/database';
import { nodeHeartbeatKey } from '@panel/jobs';
import { REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { Repository } from 'typeorm';

/** Places new web apps on the online node with the fewest apps. */
@Injectable()
export class NodePicker {
  constructor(
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async pick(): Promise<string> {
    const nodes = await this.nodes.find();
    const beats = nodes.length ? await this.redis.mget(...nodes.map((n) => nodeHeartbeatKey(n.id))) : [];
    const online = nodes.filter((_, i) => beats[i] !== null);
    if (!online.length) throw new ServiceUnavailableException('No worker node is online to run web apps. Ask an operator to start a worker.');
    const counts = await Promise.all(online.map((n) => this.webapps.countBy({ nodeId: n.id })));
    return online[counts.indexOf(Math.min(...counts))].id;
  }
}
