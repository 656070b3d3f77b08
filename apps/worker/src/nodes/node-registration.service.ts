import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { NODE_HEARTBEAT_INTERVAL_MS, NODE_HEARTBEAT_TTL_SECONDS, nodeStateForImages, RUNTIME_IMAGES } from '@panel/contracts';
import { NodeEntity } from '@panel/database';
import { nodeHeartbeatKey } from '@panel/jobs';
import { PANEL_CONFIG, REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { hostname, loadavg } from 'node:os';
import { Repository } from 'typeorm';
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';

/** How often the worker looks for the runtime images (an operator may load one at any time). */
const IMAGE_CHECK_INTERVAL_MS = 30_000;

/**
 * Registers this node (id, hostname, Docker endpoint, capacity), keeps its heartbeat alive, and makes it active once
 * every runtime image is on its engine (preparing until then: it gets no placements).
 */
@Injectable()
export class NodeRegistration implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NodeRegistration.name);
  private timer?: NodeJS.Timeout;
  private imageTimer?: NodeJS.Timeout;

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
        ingressAddress: this.config.nodeIngressAddress,
        capacity: { cpus: facts.cpus, memoryBytes: facts.memoryBytes },
        lastHeartbeatAt: new Date(),
      },
      ['id'],
    );
    await this.beat();
    await this.checkImages();
    this.imageTimer = setInterval(() => void this.checkImages().catch((e) => this.logger.warn(`image check failed: ${e.message}`)), IMAGE_CHECK_INTERVAL_MS);
    this.timer = setInterval(() => void this.beat().catch((e) => this.logger.warn(`heartbeat failed: ${e.message}`)), NODE_HEARTBEAT_INTERVAL_MS);
    this.logger.log(`node ${this.config.nodeId} registered (${facts.cpus} cpus, ${Math.round(facts.memoryBytes / 2 ** 30)} GiB)`);
  }

  /** Records which runtime images the engine has and moves the node between preparing and active. */
  async checkImages() {
    const present: string[] = [];
    for (const image of RUNTIME_IMAGES) if (await this.runtime.hasImage(image)) present.push(image);
    const missing = RUNTIME_IMAGES.filter((image) => !present.includes(image));
    const node = await this.nodes.findOneByOrFail({ id: this.config.nodeId });
    const state = nodeStateForImages(node.state, missing);
    if (state !== node.state) {
      this.logger.log(`node ${node.id} is ${state}${missing.length ? ` (missing ${missing.join(', ')}; build them with runtime-images/build.sh or docker load them)` : ''}`);
    }
    // Only from the state read, so an operator's cordon made meanwhile is not undone.
    await this.nodes.update({ id: node.id, state: node.state }, { state, images: present });
  }

  private async beat() {
    await this.redis.set(nodeHeartbeatKey(this.config.nodeId), new Date().toISOString(), 'EX', NODE_HEARTBEAT_TTL_SECONDS);
    await this.nodes.update({ id: this.config.nodeId }, { lastHeartbeatAt: new Date(), loadAverage: Math.round(loadavg()[0] * 100) / 100 });
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    clearInterval(this.imageTimer);
    await this.redis.del(nodeHeartbeatKey(this.config.nodeId)).catch(() => undefined);
  }
}
