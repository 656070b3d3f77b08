import { z } from 'zod';

export const USERNAME_RULE =
  'A username starts with a lowercase letter and has only lowercase letters and digits, at most 30 characters.';

/**
 * Names no account may have: a username becomes a MySQL user, a PostgreSQL role, a uid's name in containers, a host
 * name under the apps domain and a path in URLs, so everything that is (or could become) one of the servers' own
 * users or roles, a Debian system user, a platform host name or a route is kept out.
 */
/** The database servers' own users and roles and the panel's: accounts with these names get no database user. */
export const RESERVED_DATABASE_ROLES: ReadonlySet<string> = new Set(['root', 'mysql', 'mariadb', 'mariadbsys', 'panel', 'postgres', 'pg', 'public', 'none', 'template0', 'template1']);

export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  ...RESERVED_DATABASE_ROLES,
  // Debian system users
  'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'backup', 'list', 'irc',
  'gnats', 'nobody', 'messagebus', 'sshd', 'redis', 'caddy', 'docker', 'systemd', 'polkitd', 'debian', 'nogroup',
  // platform names, hosts and routes
  'admin', 'administrator', 'api', 'app', 'apps', 'www', 'static', 'assets', 'dashboard', 'console', 'consoles',
  'files', 'help', 'support', 'status', 'login', 'logout', 'signup', 'auth', 'account', 'accounts', 'settings',
  'localhost', 'smtp', 'ftp', 'ssh', 'git', 'node', 'nodes', 'operator', 'security', 'internal', 'webmaster',
  'hostmaster', 'postmaster', 'abuse',
]);

export const usernameSchema = z
  .string({ error: USERNAME_RULE })
  .regex(/^[a-z][a-z0-9]{0,29}$/, { error: USERNAME_RULE })
  .refine((name) => !RESERVED_USERNAMES.has(name), { error: 'This username is reserved for the platform. Choose another one.' });

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
