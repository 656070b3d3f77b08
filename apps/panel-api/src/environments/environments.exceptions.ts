import { HttpStatus } from '@nestjs/common';
import { defineExceptions } from '../common/panel-exception';

/** The Environments (virtualenvs) tab's refusals, each with its code and HTTP status. */
export const EnvironmentsException = defineExceptions('EnvironmentsException', {
  ENVIRONMENT_NOT_FOUND: HttpStatus.NOT_FOUND,
  ENVIRONMENT_EXISTS: HttpStatus.CONFLICT,
  /** A build, or another job on the environment, is queued or running. */
  ENVIRONMENT_BUSY: HttpStatus.CONFLICT,
  ENVIRONMENT_IN_USE: HttpStatus.CONFLICT,
  ENVIRONMENT_REQUIREMENTS_UNREADABLE: HttpStatus.BAD_REQUEST,
});
export type EnvironmentsException = InstanceType<typeof EnvironmentsException>;
