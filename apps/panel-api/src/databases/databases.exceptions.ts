import { HttpStatus } from '@nestjs/common';
import { defineExceptions } from '../common/panel-exception';

/** The Databases tab's refusals, each with its code and HTTP status. */
export const DatabasesException = defineExceptions('DatabasesException', {
  /** The name's user/role is reserved or someone else's: the account cannot have databases of that engine. */
  DATABASE_NOT_ACCOUNT_USER: HttpStatus.CONFLICT,
  /** ~/.my.cnf or ~/.pgpass is a link or a folder: no password is set that the file could not then hold. */
  DATABASE_CREDENTIALS_FILE_NOT_REGULAR: HttpStatus.CONFLICT,
  /** The server does not answer (409 rather than 503, so the reason reaches the user). */
  DATABASE_ENGINE_UNAVAILABLE: HttpStatus.CONFLICT,
  DATABASE_NOT_INITIALIZED: HttpStatus.CONFLICT,
  DATABASE_ALREADY_INITIALIZED: HttpStatus.CONFLICT,
  DATABASE_NAME_INVALID: HttpStatus.BAD_REQUEST,
  /** Another account's database is indistinguishable from a missing one. */
  DATABASE_NOT_FOUND: HttpStatus.NOT_FOUND,
  DATABASE_EXISTS: HttpStatus.CONFLICT,
  /** A dump or restore of the database is queued or running. */
  DATABASE_BUSY: HttpStatus.CONFLICT,
  DATABASE_DUMP_NOT_FOUND: HttpStatus.NOT_FOUND,
  DATABASE_DUMP_NOT_READY: HttpStatus.CONFLICT,
  /** The dump's file is no longer in the home (or no longer the account's regular file). */
  DATABASE_DUMP_MISSING: HttpStatus.NOT_FOUND,
  DATABASE_RESTORE_BODY_INVALID: HttpStatus.BAD_REQUEST,
  DATABASE_RESTORE_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  DATABASE_RESTORE_INTERRUPTED: HttpStatus.BAD_REQUEST,
});
export type DatabasesException = InstanceType<typeof DatabasesException>;
