import { HttpStatus } from '@nestjs/common';
import { defineExceptions } from '../common/panel-exception';

/** The Web tab's refusals (and the PythonAnywhere webapps API's), each with its code and HTTP status. */
export const WebAppsException = defineExceptions('WebAppsException', {
  /** Another account's app is indistinguishable from a missing one. */
  WEBAPP_NOT_FOUND: HttpStatus.NOT_FOUND,
  WEBAPP_DOMAIN_TAKEN: HttpStatus.CONFLICT,
  /** Not a domain this account may use (an IP, a platform host, another account's name under the apps domain...). */
  WEBAPP_DOMAIN_REFUSED: HttpStatus.BAD_REQUEST,
  WEBAPP_DOMAIN_NOT_VERIFIED: HttpStatus.CONFLICT,
  WEBAPP_SOURCE_DIRECTORY_NOT_EMPTY: HttpStatus.CONFLICT,
  WEBAPP_INITIAL_USER_REQUIRED: HttpStatus.BAD_REQUEST,
  /** /var/www/<domain>_wsgi.py is a symlink, a folder or a pipe: the platform does not write through it. */
  WEBAPP_WSGI_FILE_NOT_REGULAR: HttpStatus.FORBIDDEN,
  WEBAPP_DISABLED: HttpStatus.CONFLICT,
  WEBAPP_PASSWORD_PROTECTION_INCOMPLETE: HttpStatus.BAD_REQUEST,
  WEBAPP_VIRTUALENV_UNUSABLE: HttpStatus.BAD_REQUEST,
  WEBAPP_STATIC_URL_TAKEN: HttpStatus.CONFLICT,
  WEBAPP_STATIC_FILE_NOT_FOUND: HttpStatus.NOT_FOUND,
  /** The PythonAnywhere API's reload, which waits: the new version did not start (the previous one keeps serving). */
  WEBAPP_RELOAD_FAILED: HttpStatus.UNPROCESSABLE_ENTITY,
  /** The PythonAnywhere API's reload waited its limit; the reload job keeps running. */
  WEBAPP_RELOAD_TIMEOUT: HttpStatus.GATEWAY_TIMEOUT,
  /** The API v1 websites' create: PythonAnywhere answers a taken domain with a 400 its client recognises by text. */
  WEBSITE_DOMAIN_EXISTS: HttpStatus.BAD_REQUEST,
  /** A command is a website's: a WSGI web app has none (and a website has no WSGI file). */
  WEBAPP_NOT_A_WEBSITE: HttpStatus.BAD_REQUEST,
});
export type WebAppsException = InstanceType<typeof WebAppsException>;
