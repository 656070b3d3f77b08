import { HttpStatus } from '@nestjs/common';
import { HomeFsError, HomeFsErrorCode, HomePathError } from '@panel/home-fs';

const HOME_FS_STATUS: Record<HomeFsErrorCode, HttpStatus> = {
  'not-found': HttpStatus.NOT_FOUND,
  exists: HttpStatus.CONFLICT,
  outside: HttpStatus.FORBIDDEN,
  symlink: HttpStatus.FORBIDDEN,
  denied: HttpStatus.FORBIDDEN,
  'no-space': HttpStatus.PAYLOAD_TOO_LARGE,
  'not-a-directory': HttpStatus.BAD_REQUEST,
  'is-a-directory': HttpStatus.BAD_REQUEST,
  'not-a-file': HttpStatus.BAD_REQUEST,
  invalid: HttpStatus.BAD_REQUEST,
};

/**
 * A refused operation in an account's tree as the HTTP error the account sees, defined once: every HomeFsError that
 * reaches the exceptions filter is a 4xx with its message and the code `HOME_<CODE>` (HOME_NOT_FOUND, HOME_SYMLINK...);
 * a user path that leaves the home (HomePathError, from resolveHomePath) is a 400 HOME_PATH_OUTSIDE. Never a 500.
 */
export function homeErrorAnswer(error: HomeFsError | HomePathError): { status: HttpStatus; code: string } {
  if (error instanceof HomePathError) return { status: HttpStatus.BAD_REQUEST, code: 'HOME_PATH_OUTSIDE' };
  return { status: HOME_FS_STATUS[error.code] ?? HttpStatus.BAD_REQUEST, code: `HOME_${error.code.toUpperCase().replace(/-/g, '_')}` };
}
