import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { NODE_HEARTBEAT_INTERVAL_MS, NODE_HEARTBEAT_TTL_SECONDS } from '@panel/contracts';
import { NodeEntity } from '@panel/database';
import { nodeHeartbeatKey } from '@panel/jobs';
import { PANEL_CONFIG, REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { hostname } from 'node:os';
import { Repository } from 'typeorm';
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';

/** Registers this node (id, hostname, Docker endpoint, capacity) and keeps its heartbeat alive. */
@Injectable()
export class NodeRegistration implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NodeRegistration.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
    @Inject(NODE_RUNTIME) private readonly runtime: NodeRuntime,
  ) {}

  async onApplicationBootstrap() {
    const facts = await this.runtime.facts();
    await this.nodes.upsert(
      {
        id: this.config.nodeId,
        hostname: hostname(),
        dockerEndpoint: this.config.dockerHost,
        capacity: { cpus: facts.cpus, memoryBytes: facts.memoryBytes },
        lastHeartbeatAt: new Date(),
      },
      ['id'],
    );
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch((e) => this.logger.warn(`heartbeat failed: ${e.message}`)), NODE_HEARTBEAT_INTERVAL_MS);
    this.logger.log(`node ${this.config.nodeId} registered (${facts.cpus} cpus, ${Math.round(facts.memoryBytes / 2 ** 30)} GiB)`);
  }

  private async beat() {
    await this.redis.set(nodeHeartbeatKey(this.config.nodeId), new Date().toISOString(), 'EX', NODE_HEARTBEAT_TTL_SECONDS);
    await this.nodes.update({ id: this.config.nodeId }, { lastHeartbeatAt: new Date() });
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.redis.del(nodeHeartbeatKey(this.config.nodeId)).catch(() => undefined);
  }
}
