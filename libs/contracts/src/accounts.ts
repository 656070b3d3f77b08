import { z } from 'zod';
import { disallowedCharactersProblem } from './name-rules';

export const USERNAME_RULE =
  'A username starts with a lowercase letter and has only lowercase letters and digits, at most 30 characters.';

export const USERNAME_PATTERN = /^[a-z][a-z0-9]{0,29}$/;

/**
 * The database servers' own users and roles, their reserved words and the panel's own: no account may have a MySQL
 * user or PostgreSQL role of these names, whenever and however the account was made (MysqlAdmin and PostgresAdmin
 * refuse them; a server's own user made later is refused by its live check too). Some cannot match USERNAME_PATTERN
 * (`panel_accounts`, `mariadb.sys`, `pg_*`); they are listed so this stays the whole list.
 */
export const RESERVED_DATABASE_ROLES: ReadonlySet<string> = new Set([
  // MariaDB / MySQL
  'root', 'mysql', 'mariadb', 'mariadbsys', 'mariadb.sys', 'mysql.sys', 'mysql.session', 'debian-sys-maint',
  // PostgreSQL: its superuser, names CREATE ROLE refuses, pg_hba.conf keywords, template databases
  'postgres', 'pg', 'public', 'none', 'user', 'current_user', 'current_role', 'session_user', 'all', 'sameuser',
  'samerole', 'samegroup', 'replication', 'template0', 'template1',
  // the panel's own users and roles
  'panel', 'panel_accounts',
]);

/** Debian's system users and groups (host and runtime images), which a uid's name in a container could become. */
const SYSTEM_USERS = [
  'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'www-data', 'backup', 'list',
  'irc', 'gnats', 'nobody', 'nogroup', '_apt', 'systemd', 'messagebus', 'polkitd', 'sshd', 'redis', 'caddy', 'docker',
  'adm', 'tty', 'disk', 'kmem', 'dialout', 'fax', 'voice', 'cdrom', 'floppy', 'tape', 'sudo', 'audio', 'dip', 'src',
  'shadow', 'utmp', 'video', 'sasl', 'plugdev', 'staff', 'users', 'cloudsdk', 'ntp', 'uuidd', 'tcpdump', 'dnsmasq',
  'avahi', 'statd', 'postfix', 'debian',
];

/** The platform's host names (`<name>.<apps-domain>`, `*.panel.internal`), routes and well-known addresses. */
const PLATFORM_NAMES = [
  'api', 'app', 'apps', 'www', 'static', 'assets', 'dashboard', 'console', 'consoles', 'files', 'home', 'help',
  'status', 'login', 'logout', 'signup', 'signin', 'register', 'auth', 'account', 'accounts', 'settings', 'docs',
  'environments', 'databases', 'webapps', 'jobs', 'tokens', 'node', 'nodes', 'system', 'v0', 'localhost', 'internal',
  'smtp', 'imap', 'pop', 'ftp', 'ssh', 'git', 'ns1', 'ns2', 'dns', 'mx', 'vpn', 'cdn', 'media',
];

/** Names of the platform's staff: the operator may give one to an admin account (create-admin), sign-up never. */
const STAFF_NAMES = ['admin', 'administrator', 'operator', 'support', 'security', 'abuse', 'webmaster', 'hostmaster', 'postmaster'];

/** Prefixes the servers reserve (PostgreSQL's `pg_`) or Debian uses for its system users (`systemd-*`). */
const RESERVED_PREFIXES = ['pg_', 'systemd'];

/**
 * Every name that is, or could become, a database role, a system user, a route or a host name: a username becomes a
 * MySQL user, a PostgreSQL role, a uid's name in containers, `<username>.<apps-domain>` and a path in URLs.
 */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([...RESERVED_DATABASE_ROLES, ...SYSTEM_USERS, ...PLATFORM_NAMES, ...STAFF_NAMES]);

export const RESERVED_USERNAME_MESSAGE = 'This username is reserved for the platform. Choose another one.';

/** What is wrong with a username that breaks USERNAME_PATTERN, in words. */
function usernameShapeProblem(username: string): string {
  if (!username) return 'Choose a username.';
  const chars = disallowedCharactersProblem(username, /[a-z0-9]/, 'a username', 'lowercase letters (a-z) and digits');
  if (chars) return chars;
  if (!/^[a-z]/.test(username)) return `A username starts with a lowercase letter, not "${username[0]}".`;
  if (username.length > 30) return `A username has at most 30 characters; this one has ${username.length}.`;
  return USERNAME_RULE;
}

/**
 * Why `username` cannot be an account's, or null. `operator`: the operator makes the account (create-admin), who may
 * use a staff name such as `admin`; nothing else reserved is allowed, to anyone.
 */
export function usernameProblem(username: string, options: { operator?: boolean } = {}): string | null {
  if (!USERNAME_PATTERN.test(username)) return usernameShapeProblem(username);
  if (RESERVED_PREFIXES.some((prefix) => username.startsWith(prefix))) return RESERVED_USERNAME_MESSAGE;
  if (options.operator && STAFF_NAMES.includes(username)) return null;
  return RESERVED_USERNAMES.has(username) ? RESERVED_USERNAME_MESSAGE : null;
}

// The pattern stays in the schema (OpenAPI shows it); the message says what is wrong with this name.
export const usernameSchema = z
  .string({ error: USERNAME_RULE })
  .regex(USERNAME_PATTERN, { error: (issue) => usernameShapeProblem(String(issue.input)) })
  // Only a well-formed name can be a reserved one; a malformed one has its own message above.
  .refine((name) => !USERNAME_PATTERN.test(name) || usernameProblem(name) === null, { error: RESERVED_USERNAME_MESSAGE });

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

/**
 * Today's CPU seconds of the account's consoles, task runs and always-on tasks (web apps are not counted), its daily
 * allowance and when the count starts again; `throttled`: past the allowance, its processes run at a lower priority.
 */
export const CpuUsageView = z.object({
  usedSeconds: z.number(),
  allowanceSeconds: z.number().int(),
  periodStartedAt: z.string(),
  nextResetAt: z.string(),
  throttled: z.boolean(),
});
export type CpuUsageView = z.infer<typeof CpuUsageView>;

/** GET /api/account/usage: what the account uses against its limits, for the dashboard's overview. */
export const AccountUsageView = z.object({
  disk: z.object({ usedBytes: z.number().int(), quotaBytes: z.number().int() }),
  /** Consoles counted toward the limit, and the limit. */
  consoles: z.object({ used: z.number().int(), limit: z.number().int() }),
  webapps: z.object({ used: z.number().int() }),
  cpu: CpuUsageView,
});
export type AccountUsageView = z.infer<typeof AccountUsageView>;

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
