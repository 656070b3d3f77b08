import { z } from 'zod';

export const NodeCapacity = z.object({ cpus: z.number(), memoryBytes: z.number() });
export type NodeCapacity = z.infer<typeof NodeCapacity>;

/**
 * A node's state: `preparing` until every runtime image is on it (then its worker makes it `active`); an operator
 * `cordoned` it (what runs there stays, nothing new goes there). Only an active, online node gets new placements.
 */
export const NODE_STATES = ['preparing', 'active', 'cordoned'] as const;
export const NodeState = z.enum(NODE_STATES);
export type NodeState = z.infer<typeof NodeState>;

export const NodeView = z.object({
  id: z.string(),
  hostname: z.string(),
  dockerEndpoint: z.string(),
  capacity: NodeCapacity,
  lastHeartbeatAt: z.string(),
  online: z.boolean(),
  state: NodeState,
  /** The runtime images the node's worker found on its engine at its last check. */
  images: z.array(z.string()),
  /** Accounts whose home node it is (their consoles and web apps run there), and what runs there now. */
  accounts: z.number().int(),
  webapps: z.number().int(),
  consoles: z.number().int(),
});
export type NodeView = z.infer<typeof NodeView>;

/** A node is online while its heartbeat key lives in Redis; the key outlives a few missed beats. */
export const NODE_HEARTBEAT_INTERVAL_MS = 5_000;
export const NODE_HEARTBEAT_TTL_SECONDS = 20;

/**
 * What a node's state becomes when its images are known: a preparing node with every runtime image is active; an
 * active node that lost one is preparing again (it would fail what is placed on it). A cordon is never changed here.
 */
export function nodeStateForImages(current: NodeState, missing: readonly string[]): NodeState {
  if (current === 'cordoned') return current;
  return missing.length ? 'preparing' : 'active';
}
