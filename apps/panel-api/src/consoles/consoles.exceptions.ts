import { HttpStatus } from '@nestjs/common';
import { defineExceptions } from '../common/panel-exception';

/** The Consoles tab's refusals (and the PythonAnywhere consoles API's), each with its code and HTTP status. */
export const ConsolesException = defineExceptions('ConsolesException', {
  /** Another account's console is indistinguishable from a missing one. */
  CONSOLE_NOT_FOUND: HttpStatus.NOT_FOUND,
  CONSOLE_LIMIT_REACHED: HttpStatus.FORBIDDEN,
  CONSOLE_DATABASE_NOT_OWN: HttpStatus.BAD_REQUEST,
  CONSOLE_WORKING_DIRECTORY_OUTSIDE: HttpStatus.BAD_REQUEST,
  CONSOLE_WORKING_DIRECTORY_MISSING: HttpStatus.BAD_REQUEST,
});
export type ConsolesException = InstanceType<typeof ConsolesException>;
