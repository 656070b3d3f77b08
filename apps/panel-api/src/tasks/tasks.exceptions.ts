import { HttpStatus } from '@nestjs/common';
import { defineExceptions } from '../common/panel-exception';

/** The Tasks tab's refusals (and PythonAnywhere's schedule API's), each with its code and HTTP status. */
export const TasksException = defineExceptions('TasksException', {
  /** Another account's task is indistinguishable from a missing one. */
  TASK_NOT_FOUND: HttpStatus.NOT_FOUND,
  TASK_RUN_NOT_FOUND: HttpStatus.NOT_FOUND,
  TASK_LIMIT_REACHED: HttpStatus.FORBIDDEN,
  TASK_ALREADY_RUNNING: HttpStatus.CONFLICT,
  TASK_NOT_STARTED: HttpStatus.SERVICE_UNAVAILABLE,
  TASK_PAUSED: HttpStatus.CONFLICT,
  TASK_TIME_LIMIT_TOO_LONG: HttpStatus.BAD_REQUEST,
  TASK_WORKING_DIRECTORY_OUTSIDE: HttpStatus.BAD_REQUEST,
  TASK_WORKING_DIRECTORY_MISSING: HttpStatus.BAD_REQUEST,
});
export type TasksException = InstanceType<typeof TasksException>;
