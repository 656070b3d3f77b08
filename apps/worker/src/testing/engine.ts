import type { INestApplicationContext } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import Docker from 'dockerode';
import { dockerOptions } from '../node-runtime/docker-node-runtime';
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';

/**
 * The Docker engine itself, for tests that check what the platform made there (limits, mounts, policies) beyond
 * what NodeRuntime tells its callers. Product code never does this: it goes through NodeRuntime.
 */
export function engineOf(config: PanelConfig): Docker {
  return new Docker(dockerOptions(config.dockerHost));
}

export const runtimeOf = (worker: INestApplicationContext): NodeRuntime => worker.get<NodeRuntime>(NODE_RUNTIME);
