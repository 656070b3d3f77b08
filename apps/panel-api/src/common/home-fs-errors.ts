import { BadRequestException, ConflictException, ForbiddenException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { HomeFsError } from '@panel/home-fs';

/**
 * A refused operation in an account's tree as the HTTP error the account sees, defined once: every HomeFsError that
 * reaches the exceptions filter is a 4xx with its message, never a 500.
 */
export function homeFsHttpError(error: HomeFsError): HttpException {
  switch (error.code) {
    case 'not-found':
      return new NotFoundException(error.message);
    case 'exists':
      return new ConflictException(error.message);
    case 'outside':
    case 'symlink':
    case 'denied':
      return new ForbiddenException(error.message);
    case 'no-space':
      return new PayloadTooLargeException(error.message);
    default:
      return new BadRequestException(error.message);
  }
}
