import { HttpStatus } from '@nestjs/common';
import { defineExceptions } from '../common/panel-exception';

/** The Admin page's refusals. */
export const AdminException = defineExceptions('AdminException', {
  ADMIN_ACCOUNT_NOT_FOUND: HttpStatus.NOT_FOUND,
  /** An operator cannot disable their own account or take their own admin role. */
  ADMIN_NOT_YOURSELF: HttpStatus.CONFLICT,
  ADMIN_ALREADY: HttpStatus.CONFLICT,
  /** Deleting an account needs its username typed exactly. */
  ADMIN_CONFIRM_MISMATCH: HttpStatus.BAD_REQUEST,
  ADMIN_LAST_ADMIN: HttpStatus.CONFLICT,
});
export type AdminException = InstanceType<typeof AdminException>;
