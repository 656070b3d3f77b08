import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { NodeView } from '@panel/contracts';
import { z } from 'zod';
import { AdminOnly } from '../common/request-context';
import { ZodResponse } from '../common/zod';
import { NodeDirectory } from './node-directory.service';

@ApiTags('nodes')
@Controller('api/nodes')
export class NodesController {
  constructor(private readonly directory: NodeDirectory) {}

  /** Registered worker nodes; a node is online while its heartbeat key lives. */
  @Get()
  @AdminOnly()
  @ZodResponse(200, z.array(NodeView))
  async list(): Promise<NodeView[]> {
    return (await this.directory.all()).map(({ node, online }) => ({
      id: node.id,
      hostname: node.hostname,
      dockerEndpoint: node.dockerEndpoint,
      capacity: node.capacity,
      lastHeartbeatAt: node.lastHeartbeatAt.toISOString(),
      online,
    }));
  }
}
