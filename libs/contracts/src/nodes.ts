import { z } from 'zod';

export const NodeCapacity = z.object({ cpus: z.number(), memoryBytes: z.number() });
export type NodeCapacity = z.infer<typeof NodeCapacity>;

/**
 * A node's state: `preparing` until every runtime image is on it (then its worker makes it `active`); an operator
 * `cordoned` it (what runs there stays, nothing new goes there) or is `draining` it (the leader moves everything off,
 * then it is cordoned); the leader declared it `down` (silent longer than the grace period: what ran there was placed
 * elsewhere). Only an active, online node gets new placements.
 */
export const NODE_STATES = ['preparing', 'active', 'cordoned', 'draining', 'down'] as const;
export const NodeState = z.enum(NODE_STATES);
export type NodeState = z.infer<typeof NodeState>;

export const NodeView = z.object({
  id: z.string(),
  hostname: z.string(),
  dockerEndpoint: z.string(),
  capacity: NodeCapacity,
  lastHeartbeatAt: z.string(),
  /** The 1-minute load average at the last heartbeat. */
  loadAverage: z.number().nullable(),
  online: z.boolean(),
  state: NodeState,
  /** The runtime images the node's worker found on its engine at its last check. */
  images: z.array(z.string()),
  /** Accounts whose home node it is (their consoles and web apps run there), and what runs there now. */
  accounts: z.number().int(),
  webapps: z.number().int(),
  consoles: z.number().int(),
  /** Jobs waiting for or running on the node. */
  queuedJobs: z.number().int(),
  /** While draining: when it started, when open consoles are ended, and what could not be moved (and why). */
  drain: z
    .object({
      startedAt: z.string(),
      consolesEndAt: z.string(),
      problems: z.array(z.string()),
    })
    .nullable(),
});
export type NodeView = z.infer<typeof NodeView>;

/** A node is online while its heartbeat key lives in Redis; the key outlives a few missed beats. */
export const NODE_HEARTBEAT_INTERVAL_MS = 5_000;
export const NODE_HEARTBEAT_TTL_SECONDS = 20;

/**
 * What a node's state becomes when its images are known: a preparing node with every runtime image is active; an
 * active node that lost one is preparing again (it would fail what is placed on it). A cordon or a drain is never changed here.
 */
export function nodeStateForImages(current: NodeState, missing: readonly string[]): NodeState {
  if (current === 'cordoned' || current === 'draining') return current;
  return missing.length ? 'preparing' : 'active';
}

/**
 * Placement's rule: of the candidate nodes, the one with the most memory left (its memory times the overcommit
 * ratio, less one container limit per container placed there), skipping a node without room for one more. Null
 * when none has room.
 */
export function mostFreeNode(
  candidates: readonly { id: string; memoryBytes: number }[],
  placedContainers: ReadonlyMap<string, number>,
  limits: { containerMemoryBytes: number; overcommit: number },
): string | null {
  let best: { id: string; free: number } | null = null;
  for (const node of candidates) {
    const free = node.memoryBytes * limits.overcommit - (placedContainers.get(node.id) ?? 0) * limits.containerMemoryBytes;
    if (free >= limits.containerMemoryBytes && (!best || free > best.free)) best = { id: node.id, free };
  }
  return best?.id ?? null;
}

/** POST /api/nodes/:id/drain: how long consoles still open on the node may run before they are ended. */
export const DrainNodeRequest = z
  .object({ consoleDeadlineSeconds: z.number().int().min(0).max(7 * 24 * 3600).optional() })
  .strict();
export type DrainNodeRequest = z.infer<typeof DrainNodeRequest>;

