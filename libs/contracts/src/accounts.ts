import { z } from 'zod';

export const USERNAME_RULE =
  'A username starts with a lowercase letter and has only lowercase letters and digits, at most 30 characters.';

export const usernameSchema = z
  .string({ error: USERNAME_RULE })
  .regex(/^[a-z][a-z0-9]{0,29}$/, { error: USERNAME_RULE });

export const PASSWORD_RULE = 'A password has between 8 and 200 characters.';
export const passwordSchema = z
  .string({ error: PASSWORD_RULE })
  .min(8, { error: PASSWORD_RULE })
  .max(200, { error: PASSWORD_RULE });

export const AccountRole = z.enum(['user', 'admin']);
export type AccountRole = z.infer<typeof AccountRole>;

export const SignupRequest = z.object({ username: usernameSchema, password: passwordSchema });
export type SignupRequest = z.infer<typeof SignupRequest>;

export const LoginRequest = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const AccountView = z.object({
  id: z.number().int(),
  username: z.string(),
  role: AccountRole,
  uid: z.number().int(),
  createdAt: z.string(),
});
export type AccountView = z.infer<typeof AccountView>;

/** What the dashboard learns about its session: who is signed in and the CSRF token to echo back. */
export const SessionView = z.object({
  account: AccountView,
  csrfToken: z.string(),
  signupEnabled: z.boolean(),
  appsDomain: z.string(),
});
export type SessionView = z.infer<typeof SessionView>;

export const PublicSettingsView = z.object({ signupEnabled: z.boolean(), appsDomain: z.string() });
export type PublicSettingsView = z.infer<typeof PublicSettingsView>;
