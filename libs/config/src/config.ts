import { hostname } from 'node:os';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { readEnvFile } from './env-file';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const urlWithProtocols = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const domain = z
  .string()
  .regex(/^(?=.{1,200}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, {
    error: 'must be a lowercase domain name such as apps.example.com',
  });

/** A comma-separated list whose items each match `item`, as an array (empty when unset). */
const commaList = (item: z.ZodString, rule: string) =>
  z
    .string()
    .default('')
    .transform((v) => v.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean))
    .refine((items) => items.every((x) => item.safeParse(x).success), { error: rule });

const defaultNodeId = () => hostname().toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 60) || 'node';

/** Every setting the platform reads, with its default. README.md lists them. */
export const EnvSchema = z.object({
  PANEL_DATA_DIR: z
    .string()
    .default('/var/lib/panel')
    .refine((p) => isAbsolute(p), { error: 'must be an absolute path' }),
  PANEL_DATABASE_URL: urlWithProtocols(['mysql:', 'mariadb:']).default('mysql://panel@127.0.0.1:3306/panel'),
  PANEL_POSTGRES_URL: urlWithProtocols(['postgres:', 'postgresql:']).default('postgres://panel@127.0.0.1:5432/postgres'),
  PANEL_DATABASE_UPLOAD_MAX_MB: positiveInt(1024),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:']).default('redis://127.0.0.1:6379/0'),
  DOCKER_HOST: urlWithProtocols(['unix:', 'tcp:', 'http:', 'https:']).default('unix:///var/run/docker.sock'),
  PANEL_APPS_DOMAIN: domain.default('apps.localhost'),
  PANEL_API_HOST: z.string().min(1).default('0.0.0.0'),
  PANEL_API_PORT: port(3000),
  PANEL_PUBLIC_URL: urlWithProtocols(['http:', 'https:']).optional(),
  PANEL_APPS_PORT: port(8080),
  PANEL_CADDY_ADMIN_URL: urlWithProtocols(['http:', 'https:']).default('http://127.0.0.1:2019'),
  PANEL_SIGNUP_ENABLED: bool(true),
  PANEL_COOKIE_SECURE: bool(false),
  PANEL_SESSION_TTL_HOURS: positiveInt(24 * 14),
  PANEL_LOGIN_MAX_ATTEMPTS: positiveInt(10),
  PANEL_LOGIN_WINDOW_SECONDS: positiveInt(15 * 60),
  PANEL_TRUSTED_PROXIES: commaList(z.string().regex(/^[0-9a-f.:]+$/), 'must be a comma-separated list of IP addresses'),
  PANEL_CUSTOM_DOMAINS: commaList(
    z.string().regex(/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/),
    'must be a comma-separated list of domains such as example.org or *.example.org',
  ),
  PANEL_NODE_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'must be lowercase letters, digits and dashes' })
    .default(defaultNodeId()),
  PANEL_UID_BASE: z.coerce.number().int().min(1000).max(2_000_000_000).default(10000),
  PANEL_USER_NETWORK: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/).default('panel-users'),
  PANEL_CONTAINER_MEMORY_MB: positiveInt(1024),
  PANEL_CONTAINER_CPUS: z.coerce.number().positive().max(64).default(1),
  PANEL_CONTAINER_PIDS: positiveInt(256),
  PANEL_JOB_CONCURRENCY: positiveInt(4),
  PANEL_JOB_TIMEOUT_SECONDS: positiveInt(30 * 60),
  PANEL_HOME_QUOTA_MB: positiveInt(1024),
  PANEL_PIP_INDEX_URL: urlWithProtocols(['http:', 'https:']).optional(),
  PANEL_MAX_CONSOLES: positiveInt(5),
  PANEL_CONSOLE_IDLE_MINUTES: z.coerce.number().positive().max(10080).default(30),
  PANEL_WEBAPP_LOG_MAX_MB: z.coerce.number().positive().max(102400).default(10),
  PANEL_WEBAPP_LOG_KEEP: z.coerce.number().int().min(1).max(100).default(5),
  PANEL_WEBAPP_LOG_CHECK_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
  PANEL_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  PANEL_ENV_FILE: z.string().default('/etc/panel/panel.env'),
});

export type PanelEnv = z.infer<typeof EnvSchema>;

export interface PanelConfig {
  dataDir: string;
  homesDir: string;
  jobLogsDir: string;
  webLogsDir: string;
  databaseUrl: string;
  /** The panel's PostgreSQL role (CREATEDB CREATEROLE, never a superuser): provisions users' roles and databases. */
  postgresUrl: string;
  /** The largest .sql file a restore accepts. */
  databaseUploadMaxBytes: number;
  redisUrl: string;
  dockerHost: string;
  appsDomain: string;
  api: { host: string; port: number; publicUrl: string };
  appsPort: number;
  caddyAdminUrl: string;
  signupEnabled: boolean;
  cookieSecure: boolean;
  sessionTtlHours: number;
  login: { maxAttempts: number; windowSeconds: number };
  /** Addresses of reverse proxies whose X-Forwarded-For panel-api believes; from anyone else it is ignored. */
  trustedProxies: string[];
  /** The operator's allow-list of custom web app domains that route without a DNS check (`x.org`, `*.x.org`). */
  customDomainAllowList: string[];
  nodeId: string;
  uidBase: number;
  userNetwork: string;
  containerLimits: { memoryBytes: number; nanoCpus: number; pids: number };
  jobs: { concurrency: number; timeoutSeconds: number };
  /** Disk quota per home for writes made through the API (uploads, saves). */
  homeQuotaBytes: number;
  pipIndexUrl: string | undefined;
  /** Consoles an account may have at once; minutes an account's console container with no consoles keeps running. */
  consoles: { max: number; idleMinutes: number };
  /** Web app logs are rotated when larger than maxBytes (checked every checkSeconds); `keep` rotated files are kept. */
  webappLogs: { maxBytes: number; keep: number; checkSeconds: number };
  logLevel: PanelEnv['PANEL_LOG_LEVEL'];
}

export class ConfigError extends Error {}

/**
 * Validates the environment into a typed config. Throws a ConfigError that names every bad variable,
 * so a process stops before it starts anything.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PanelConfig {
  const envFile = readEnvFile(env.PANEL_ENV_FILE ?? '/etc/panel/panel.env');
  const merged = { ...envFile, ...stripEmpty(env) };
  const parsed = EnvSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `  ${name}=${JSON.stringify(merged[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    dataDir: e.PANEL_DATA_DIR,
    homesDir: `${e.PANEL_DATA_DIR}/home`,
    jobLogsDir: `${e.PANEL_DATA_DIR}/jobs`,
    webLogsDir: `${e.PANEL_DATA_DIR}/log`,
    databaseUrl: e.PANEL_DATABASE_URL,
    postgresUrl: e.PANEL_POSTGRES_URL,
    databaseUploadMaxBytes: e.PANEL_DATABASE_UPLOAD_MAX_MB * 1024 * 1024,
    redisUrl: e.REDIS_URL,
    dockerHost: e.DOCKER_HOST,
    appsDomain: e.PANEL_APPS_DOMAIN,
    api: {
      host: e.PANEL_API_HOST,
      port: e.PANEL_API_PORT,
      publicUrl: e.PANEL_PUBLIC_URL ?? `http://localhost:${e.PANEL_API_PORT}`,
    },
    appsPort: e.PANEL_APPS_PORT,
    caddyAdminUrl: e.PANEL_CADDY_ADMIN_URL,
    signupEnabled: e.PANEL_SIGNUP_ENABLED,
    cookieSecure: e.PANEL_COOKIE_SECURE,
    sessionTtlHours: e.PANEL_SESSION_TTL_HOURS,
    login: { maxAttempts: e.PANEL_LOGIN_MAX_ATTEMPTS, windowSeconds: e.PANEL_LOGIN_WINDOW_SECONDS },
    trustedProxies: e.PANEL_TRUSTED_PROXIES,
    customDomainAllowList: e.PANEL_CUSTOM_DOMAINS,
    nodeId: e.PANEL_NODE_ID,
    uidBase: e.PANEL_UID_BASE,
    userNetwork: e.PANEL_USER_NETWORK,
    containerLimits: {
      memoryBytes: e.PANEL_CONTAINER_MEMORY_MB * 1024 * 1024,
      nanoCpus: Math.round(e.PANEL_CONTAINER_CPUS * 1e9),
      pids: e.PANEL_CONTAINER_PIDS,
    },
    jobs: { concurrency: e.PANEL_JOB_CONCURRENCY, timeoutSeconds: e.PANEL_JOB_TIMEOUT_SECONDS },
    homeQuotaBytes: e.PANEL_HOME_QUOTA_MB * 1024 * 1024,
    pipIndexUrl: e.PANEL_PIP_INDEX_URL,
    consoles: { max: e.PANEL_MAX_CONSOLES, idleMinutes: e.PANEL_CONSOLE_IDLE_MINUTES },
    webappLogs: {
      maxBytes: Math.round(e.PANEL_WEBAPP_LOG_MAX_MB * 1024 * 1024),
      keep: e.PANEL_WEBAPP_LOG_KEEP,
      checkSeconds: e.PANEL_WEBAPP_LOG_CHECK_SECONDS,
    },
    logLevel: e.PANEL_LOG_LEVEL,
  };
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

/** For a process's entry point: the config, or a message naming each bad variable and exit code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): PanelConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
