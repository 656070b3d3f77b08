import { NodeEntity } from '@panel/database';
import type { EntityManager } from 'typeorm';
import { nodeHeartbeatKey } from './channels';

export interface NodeWithLiveness {
  node: NodeEntity;
  /** Its worker's heartbeat key lives (it expires a few beats after the worker stops). */
  online: boolean;
}

/** The registered nodes and which are online: the one reading of heartbeats, for panel-api and the leader alike. */
export async function nodesWithLiveness(manager: EntityManager, redis: { mget(...keys: string[]): Promise<(string | null)[]> }): Promise<NodeWithLiveness[]> {
  const nodes = await manager.getRepository(NodeEntity).find({ order: { id: 'ASC' } });
  if (!nodes.length) return [];
  const beats = await redis.mget(...nodes.map((n) => nodeHeartbeatKey(n.id)));
  return nodes.map((node, i) => ({ node, online: beats[i] !== null }));
}
