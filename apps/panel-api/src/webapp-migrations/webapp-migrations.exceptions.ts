import { HttpStatus } from '@nestjs/common';
import { defineExceptions } from '../common/panel-exception';

/** The web app migrations panel's refusals, each with its code and HTTP status. */
export const WebAppMigrationsException = defineExceptions('WebAppMigrationsException', {
  /** The app's migrations folder cannot be read from its home (it leads out of it, or through a link root does not follow). */
  MIGRATIONS_FOLDER_REFUSED: HttpStatus.BAD_REQUEST,
});
export type WebAppMigrationsException = InstanceType<typeof WebAppMigrationsException>;
