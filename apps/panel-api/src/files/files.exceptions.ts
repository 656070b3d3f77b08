import { HttpStatus } from '@nestjs/common';
import { defineExceptions } from '../common/panel-exception';

/**
 * The Files tab's refusals (and the PythonAnywhere files API's), each with its code and HTTP status. Refusals of the
 * filesystem itself (a path outside the home, through a symlink, missing...) are HomeFsErrors, answered as HOME_*.
 */
export const FilesException = defineExceptions('FilesException', {
  FILES_TOO_LARGE_FOR_EDITOR: HttpStatus.PAYLOAD_TOO_LARGE,
  FILES_NOT_TEXT: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  /** A save whose body came as JSON or a form, which the API's parsers read as fields. */
  FILES_BODY_NOT_RAW: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  /** The file was changed or deleted on disk since the editor opened it. */
  FILES_CHANGED_ON_DISK: HttpStatus.CONFLICT,
  FILES_NAME_INVALID: HttpStatus.BAD_REQUEST,
  FILES_FOLDER_IN_THE_WAY: HttpStatus.CONFLICT,
  /** A listing's `after` that is not a nextCursor the API gave. */
  FILES_CURSOR_INVALID: HttpStatus.BAD_REQUEST,
  FILES_UPLOAD_NOT_MULTIPART: HttpStatus.BAD_REQUEST,
  FILES_UPLOAD_EMPTY: HttpStatus.BAD_REQUEST,
  FILES_UPLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  FILES_UPLOAD_INTERRUPTED: HttpStatus.BAD_REQUEST,
  FILES_QUOTA_EXCEEDED: HttpStatus.PAYLOAD_TOO_LARGE,
  /** /var/log: the account's logs are written by the platform only (they can be read and deleted). */
  FILES_LOG_READ_ONLY: HttpStatus.FORBIDDEN,
  /** Sharing: only a regular file of the account's home can be shared. */
  FILES_SHARE_NOT_A_FILE: HttpStatus.BAD_REQUEST,
  /** Sharing: the path is not shared (GET/DELETE files/sharing/?path=). */
  FILES_NOT_SHARED: HttpStatus.NOT_FOUND,
});
export type FilesException = InstanceType<typeof FilesException>;
