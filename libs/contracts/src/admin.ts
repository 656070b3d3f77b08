import { z } from 'zod';
import { AccountRole, AccountView, passwordSchema, usernameSchema } from './accounts';
import { JobStatus, JobView } from './jobs';

/** GET /api/admin/accounts: a page of accounts, optionally those whose name contains `search`. */
export const AdminAccountsQuery = z.object({
  search: z.string().trim().max(30).default(''),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type AdminAccountsQuery = z.infer<typeof AdminAccountsQuery>;

export const AdminAccountView = AccountView.extend({
  /** When an operator disabled the account (it cannot sign in; its apps and consoles are stopped), or null. */
  disabledAt: z.string().nullable(),
  webapps: z.number().int(),
  consoles: z.number().int(),
  /** Bytes its home takes on disk. */
  diskBytes: z.number().int(),
  homeNodeId: z.string().nullable(),
});
export type AdminAccountView = z.infer<typeof AdminAccountView>;

export const AdminAccountsPage = z.object({
  accounts: z.array(AdminAccountView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AdminAccountsPage = z.infer<typeof AdminAccountsPage>;

/** An operator makes an account; without a password the platform makes a one-time one, shown once. */
export const AdminCreateAccountRequest = z.object({
  username: usernameSchema,
  role: AccountRole.default('user'),
  password: passwordSchema.optional(),
});
export type AdminCreateAccountRequest = z.input<typeof AdminCreateAccountRequest>;

/** A password the platform made: shown this once, never stored in the clear and never shown again. */
export const OneTimePasswordView = z.object({ account: AdminAccountView, password: z.string().nullable() });
export type OneTimePasswordView = z.infer<typeof OneTimePasswordView>;

/** Deleting an account: the operator types its username to confirm (nothing of it is kept). */
export const AdminDeleteAccountRequest = z.object({ confirm: z.string().max(100) });
export type AdminDeleteAccountRequest = z.infer<typeof AdminDeleteAccountRequest>;
/** What a deletion started: the job on the account's home node that removes its containers and files. */
export const AdminDeleteAccountView = z.object({ username: z.string(), job: JobView });
export type AdminDeleteAccountView = z.infer<typeof AdminDeleteAccountView>;

export const AdminSetRoleRequest = z.object({ role: AccountRole });
export type AdminSetRoleRequest = z.infer<typeof AdminSetRoleRequest>;

/** Settings an operator changes at run time, without a restart. */
export const AdminSettingsView = z.object({ signupEnabled: z.boolean() });
export type AdminSettingsView = z.infer<typeof AdminSettingsView>;
export const UpdateAdminSettingsRequest = z.object({ signupEnabled: z.boolean() });
export type UpdateAdminSettingsRequest = z.infer<typeof UpdateAdminSettingsRequest>;

export const AuditLogQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;

export const AuditEntryView = z.object({
  id: z.number().int(),
  actorUsername: z.string(),
  action: z.string(),
  targetUsername: z.string().nullable(),
  detail: z.string(),
  createdAt: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditLogPage = z.object({ entries: z.array(AuditEntryView), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type AuditLogPage = z.infer<typeof AuditLogPage>;

/** GET /api/admin/jobs: every account's jobs, newest first, by state and by account. */
export const AdminJobsQuery = z.object({
  status: JobStatus.optional(),
  username: z.string().trim().max(30).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type AdminJobsQuery = z.infer<typeof AdminJobsQuery>;

export const AdminJobView = JobView.extend({ username: z.string().nullable() });
export type AdminJobView = z.infer<typeof AdminJobView>;

export const AdminJobsPage = z.object({ jobs: z.array(AdminJobView), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type AdminJobsPage = z.infer<typeof AdminJobsPage>;
