import { z } from 'zod';

export const NodeCapacity = z.object({ cpus: z.number(), memoryBytes: z.number() });
export type NodeCapacity = z.infer<typeof NodeCapacity>;

export const NodeView = z.object({
  id: z.string(),
  hostname: z.string(),
  dockerEndpoint: z.string(),
  capacity: NodeCapacity,
  lastHeartbeatAt: z.string(),
  online: z.boolean(),
});
export type NodeView = z.infer<typeof NodeView>;

/** A node is online while its heartbeat key lives in Redis; the key outlives a few missed beats. */
export const NODE_HEARTBEAT_INTERVAL_MS = 5_000;
export const NODE_HEARTBEAT_TTL_SECONDS = 20;
