import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { NodeView } from '@panel/contracts';
import { NodeEntity } from '@panel/database';
import { nodeHeartbeatKey } from '@panel/jobs';
import Redis from 'ioredis';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { AdminOnly } from '../common/request-context';
import { ZodResponse } from '../common/zod';
import { REDIS } from '@panel/nest';

@ApiTags('nodes')
@Controller('api/nodes')
export class NodesController {
  constructor(
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Registered worker nodes; a node is online while its heartbeat key lives. */
  @Get()
  @AdminOnly()
  @ZodResponse(200, z.array(NodeView))
  async list(): Promise<NodeView[]> {
    const nodes = await this.nodes.find({ order: { id: 'ASC' } });
    const beats = nodes.length ? await this.redis.mget(...nodes.map((n) => nodeHeartbeatKey(n.id))) : [];
    return nodes.map((node, i) => ({
      id: node.id,
      hostname: node.hostname,
      dockerEndpoint: node.dockerEndpoint,
      capacity: node.capacity,
      lastHeartbeatAt: node.lastHeartbeatAt.toISOString(),
      online: beats[i] !== null,
    }));
  }
}
