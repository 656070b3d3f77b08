import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DrainNodeRequest, NodeView } from '@panel/contracts';
import { z } from 'zod';
import { AdminOnly } from '../common/request-context';
import { ZodBody, ZodResponse } from '../common/zod';
import { NodeAdmin } from './node-admin.service';
import { NodeDirectory } from './node-directory.service';

@ApiTags('nodes')
@Controller('api/nodes')
@AdminOnly()
export class NodesController {
  constructor(
    private readonly directory: NodeDirectory,
    private readonly admin: NodeAdmin,
  ) {}

  /** Registered worker nodes: state, liveness (its heartbeat key lives), images and what is placed on each. */
  @Get()
  @ZodResponse(200, z.array(NodeView))
  async list(): Promise<NodeView[]> {
    return Promise.all((await this.directory.all()).map((entry) => this.directory.view(entry)));
  }

  @Get(':id')
  @ZodResponse(200, NodeView)
  async get(@Param('id') id: string): Promise<NodeView> {
    return this.directory.view(await this.directory.get(id));
  }

  /** No new accounts are placed on the node; what runs there keeps running. */
  @Post(':id/cordon')
  @HttpCode(200)
  @ZodResponse(200, NodeView)
  cordon(@Param('id') id: string): Promise<NodeView> {
    return this.admin.cordon(id);
  }

  /** The node takes placements again (as soon as its images are there); a drain in progress stops. */
  @Post(':id/uncordon')
  @HttpCode(200)
  @ZodResponse(200, NodeView)
  uncordon(@Param('id') id: string): Promise<NodeView> {
    return this.admin.uncordon(id);
  }

  /**
   * Moves everything off the node, one web app at a time with no failed request; consoles still open there are warned
   * and ended at the deadline. Once nothing is left the node is cordoned (remove it then, or uncordon it).
   */
  @Post(':id/drain')
  @HttpCode(200)
  @ZodResponse(200, NodeView)
  drain(@Param('id') id: string, @ZodBody(DrainNodeRequest) body: DrainNodeRequest): Promise<NodeView> {
    return this.admin.drain(id, body);
  }

  /** Forgets a node whose worker has stopped and on which nothing is placed. */
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.admin.remove(id);
  }
}
