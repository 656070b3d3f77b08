import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { NodeView } from '@panel/contracts';
import { AccountEntity, ConsoleEntity, failedDrainMoves, JobEntity, NodeEntity, WebAppEntity } from '@panel/database';
import { nodesWithLiveness, type NodeWithLiveness } from '@panel/jobs';
import { REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { In, Repository } from 'typeorm';
import { NodesException } from './nodes.exceptions';

/** What is placed on a node, for placement and for the operator's view. */
export interface NodeLoad {
  accounts: number;
  webapps: number;
  consoles: number;
}

/** The registered nodes, which are online (nodesWithLiveness) and what is placed on each. */
@Injectable()
export class NodeDirectory {
  constructor(
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @InjectRepository(ConsoleEntity) private readonly consoles: Repository<ConsoleEntity>,
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  all(): Promise<NodeWithLiveness[]> {
    return nodesWithLiveness(this.nodes.manager, this.redis);
  }

  async get(id: string): Promise<NodeWithLiveness> {
    const found = (await this.all()).find((n) => n.node.id === id);
    if (!found) throw new NodesException('NODE_NOT_FOUND', `There is no node ${id}.`);
    return found;
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
      loadAverage: node.loadAverage,
      online,
      state: node.state,
      images: node.images ?? [],
      ...(await this.load(node.id)),
      queuedJobs: await this.jobs.countBy({ nodeId: node.id, status: In(['queued', 'running']) }),
      drain: node.state === 'draining' && node.drainStartedAt && node.drainConsolesEndAt
        ? { startedAt: node.drainStartedAt.toISOString(), consolesEndAt: node.drainConsolesEndAt.toISOString(), problems: await this.drainProblems(node) }
        : null,
    };
  }

  /** Why a draining node is not empty yet, beyond what is simply still moving. */
  private async drainProblems(node: NodeEntity): Promise<string[]> {
    const problems = (await failedDrainMoves(this.nodes.manager, node.id, node.drainStartedAt!)).map((f) => `${f.domain} could not be moved: ${f.error}`);
    const stranded = await this.accounts.count({ where: { homeNodeId: node.id } });
    if (stranded && Date.now() - node.drainStartedAt!.getTime() > 10_000) {
      problems.push(`${stranded} account(s) have no new home yet: no other active node has room for them.`);
    }
    return problems;
  }
}
