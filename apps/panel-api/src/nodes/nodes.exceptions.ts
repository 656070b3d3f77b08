import { HttpStatus } from '@nestjs/common';
import { defineExceptions } from '../common/panel-exception';

/** Placement's and the node admin's refusals. */
export const NodesException = defineExceptions('NodesException', {
  NODE_NOT_FOUND: HttpStatus.NOT_FOUND,
  /** No active node answers: nothing new can be placed (try later). */
  NODE_NONE_READY: HttpStatus.SERVICE_UNAVAILABLE,
  /** The account's home node does not answer (try later). */
  NODE_HOME_OFFLINE: HttpStatus.SERVICE_UNAVAILABLE,
  NODE_IN_USE: HttpStatus.CONFLICT,
  NODE_ONLINE: HttpStatus.CONFLICT,
  NODE_DOWN: HttpStatus.CONFLICT,
  /** Draining it would leave no node to move its work to. */
  NODE_LAST_ACTIVE: HttpStatus.CONFLICT,
  NODE_DRAINING: HttpStatus.CONFLICT,
});
export type NodesException = InstanceType<typeof NodesException>;
