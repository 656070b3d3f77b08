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

/** PANEL_ENV_FILE's default, needed before the schema runs: the file it names holds the other settings' lines. */
const DEFAULT_ENV_FILE = '/etc/panel/panel.env';

const defaultNodeId = () => hostname().toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 60) || 'node';

const MiB = 1024 * 1024;

/**
 * Every setting the platform reads, written once: its variable, its rule and its default, in the variable's own units.
 * Parsed, it gives each variable's effective value (what `cli/print-setting.js NAME` prints for bash); `ConfigSchema`
 * shapes that into the config the code uses. README.md's settings table lists every variable with this default
 * (settings-table.test.ts checks both ways); a default that is not a fixed value says what it is in
 * `.meta({ defaultText })`.
 */
export const EnvSchema = z
  .object({
    PANEL_DATA_DIR: z
      .string()
      .default('/var/lib/panel')
      .refine((p) => isAbsolute(p), { error: 'must be an absolute path' }),
    PANEL_RUNTIME_DIR: z
      .string()
      .default('/var/lib/panel-node')
      .refine((p) => isAbsolute(p), { error: 'must be an absolute path' }),
    PANEL_DATABASE_URL: urlWithProtocols(['mysql:', 'mariadb:']).default('mysql://panel@127.0.0.1:3306/panel'),
    PANEL_POSTGRES_URL: urlWithProtocols(['postgres:', 'postgresql:']).default('postgres://panel@127.0.0.1:5432/postgres'),
    PANEL_DATABASE_UPLOAD_MAX_MB: positiveInt(1024),
    REDIS_URL: urlWithProtocols(['redis:', 'rediss:']).default('redis://127.0.0.1:6379/0'),
    DOCKER_HOST: urlWithProtocols(['unix:', 'tcp:', 'http:', 'https:']).default('unix:///var/run/docker.sock'),
    PANEL_APPS_DOMAIN: domain.default('apps.localhost'),
    PANEL_API_HOST: z.string().min(1).default('0.0.0.0'),
    PANEL_API_PORT: port(3000),
    PANEL_PUBLIC_URL: urlWithProtocols(['http:', 'https:'])
      .optional()
      .meta({ defaultText: 'http://localhost:<PANEL_API_PORT>' }),
    PANEL_APPS_PORT: port(8080),
    PANEL_CADDY_ADMIN_URL: urlWithProtocols(['http:', 'https:']).default('http://127.0.0.1:2019'),
    PANEL_NODE_INGRESS_ADDRESS: z
      .string()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, { error: 'must be host:port, e.g. 10.0.0.5:8080' })
      .optional()
      .meta({ defaultText: '127.0.0.1:<PANEL_APPS_PORT>' }),
    PANEL_EDGE_ADMIN_URL: urlWithProtocols(['http:', 'https:']).optional(),
    PANEL_EDGE_PORT: port(8090),
    PANEL_SIGNUP_ENABLED: bool(true),
    PANEL_COOKIE_SECURE: bool(false),
    PANEL_SESSION_TTL_HOURS: positiveInt(24 * 14),
    PANEL_LOGIN_MAX_ATTEMPTS: positiveInt(10),
    PANEL_LOGIN_WINDOW_SECONDS: positiveInt(15 * 60),
    PANEL_PA_RATE_LIMIT_PER_MINUTE: positiveInt(40),
    PANEL_PA_SEND_INPUT_RATE_LIMIT_PER_MINUTE: positiveInt(120),
    PANEL_PA_RATE_WINDOW_SECONDS: positiveInt(60),
    PANEL_TRUSTED_PROXIES: commaList(z.string().regex(/^[0-9a-f.:]+$/), 'must be a comma-separated list of IP addresses'),
    PANEL_CUSTOM_DOMAINS: commaList(
      z.string().regex(/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/),
      'must be a comma-separated list of domains such as example.org or *.example.org',
    ),
    PANEL_NODE_ID: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'must be lowercase letters, digits and dashes' })
      .default(defaultNodeId())
      .meta({ defaultText: 'the hostname' }),
    PANEL_UID_BASE: z.coerce.number().int().min(1000).max(2_000_000_000).default(10000),
    PANEL_USER_NETWORK: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/).default('panel-users'),
    PANEL_CONTAINER_MEMORY_MB: positiveInt(1024),
    PANEL_NODE_MEMORY_OVERCOMMIT: z.coerce.number().positive().max(100).default(10),
    PANEL_NODE_DOWN_GRACE_SECONDS: positiveInt(60),
    PANEL_DRAIN_CONSOLE_DEADLINE_SECONDS: z.coerce.number().int().min(0).max(7 * 24 * 3600).default(300),
    PANEL_CONTAINER_CPUS: z.coerce.number().positive().max(64).default(1),
    PANEL_CONTAINER_PIDS: positiveInt(256),
    PANEL_JOB_CONCURRENCY: positiveInt(4),
    PANEL_JOB_TIMEOUT_SECONDS: positiveInt(30 * 60),
    PANEL_MAX_QUEUED_JOBS: positiveInt(20),
    PANEL_JOB_STALLED_SECONDS: positiveInt(30),
    PANEL_HOME_QUOTA_MB: positiveInt(1024),
    PANEL_PIP_INDEX_URL: urlWithProtocols(['http:', 'https:']).optional(),
    PANEL_MAX_CONSOLES: positiveInt(5),
    PANEL_CONSOLE_IDLE_MINUTES: z.coerce.number().positive().max(10080).default(30),
    PANEL_MAX_SCHEDULED_TASKS: positiveInt(20),
    PANEL_MAX_ALWAYS_ON_TASKS: positiveInt(5),
    PANEL_TASK_TIMEOUT_SECONDS: positiveInt(60 * 60),
    PANEL_TASK_CONCURRENCY: positiveInt(20),
    PANEL_DAILY_CPU_SECONDS: positiveInt(2000),
    PANEL_CPU_RESET_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a UTC time as HH:MM, e.g. 00:00' })
      .default('00:00'),
    PANEL_CPU_SAMPLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    PANEL_WEBAPP_LOG_MAX_MB: z.coerce.number().positive().max(102400).default(10),
    PANEL_WEBAPP_LOG_KEEP: z.coerce.number().int().min(1).max(100).default(5),
    PANEL_WEBAPP_LOG_CHECK_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
    PANEL_ENVIRONMENT_MEASURE_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
    PANEL_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
    PANEL_ENV_FILE: z.string().default(DEFAULT_ENV_FILE),
  })
  .transform((e) => ({
    ...e,
    // The one default made from another setting.
    PANEL_PUBLIC_URL: e.PANEL_PUBLIC_URL ?? `http://localhost:${e.PANEL_API_PORT}`,
    PANEL_NODE_INGRESS_ADDRESS: e.PANEL_NODE_INGRESS_ADDRESS ?? `127.0.0.1:${e.PANEL_APPS_PORT}`,
  }));

/** Each variable's effective value. */
export type PanelEnv = z.output<typeof EnvSchema>;
export type SettingName = keyof PanelEnv;

/** The environment parsed into the config the processes use: the settings named, grouped and in code's units. */
export const ConfigSchema = EnvSchema.transform((e) => ({
  dataDir: e.PANEL_DATA_DIR,
  /** This node's own state, never shared between nodes (web apps' sockets and the links Caddy dials). */
  runtimeDir: e.PANEL_RUNTIME_DIR,
  homesDir: `${e.PANEL_DATA_DIR}/home`,
  jobLogsDir: `${e.PANEL_DATA_DIR}/jobs`,
  webLogsDir: `${e.PANEL_DATA_DIR}/log`,
  databaseUrl: e.PANEL_DATABASE_URL,
  /** The panel's PostgreSQL role (CREATEDB CREATEROLE, never a superuser): provisions users' roles and databases. */
  postgresUrl: e.PANEL_POSTGRES_URL,
  /** The largest .sql file a restore accepts. */
  databaseUploadMaxBytes: e.PANEL_DATABASE_UPLOAD_MAX_MB * MiB,
  redisUrl: e.REDIS_URL,
  dockerHost: e.DOCKER_HOST,
  appsDomain: e.PANEL_APPS_DOMAIN,
  api: { host: e.PANEL_API_HOST, port: e.PANEL_API_PORT, publicUrl: e.PANEL_PUBLIC_URL },
  appsPort: e.PANEL_APPS_PORT,
  caddyAdminUrl: e.PANEL_CADDY_ADMIN_URL,
  /** Where the edge reaches this node's Caddy (its apps listener). */
  nodeIngressAddress: e.PANEL_NODE_INGRESS_ADDRESS,
  /** The edge Caddy in front of every node's Caddy; unset: no edge, each node serves its own apps. */
  edge: e.PANEL_EDGE_ADMIN_URL ? { adminUrl: e.PANEL_EDGE_ADMIN_URL, port: e.PANEL_EDGE_PORT } : null,
  signupEnabled: e.PANEL_SIGNUP_ENABLED,
  cookieSecure: e.PANEL_COOKIE_SECURE,
  sessionTtlHours: e.PANEL_SESSION_TTL_HOURS,
  login: { maxAttempts: e.PANEL_LOGIN_MAX_ATTEMPTS, windowSeconds: e.PANEL_LOGIN_WINDOW_SECONDS },
  /** PythonAnywhere's API: requests a minute per token and endpoint (send_input its own). */
  paApi: { perMinute: e.PANEL_PA_RATE_LIMIT_PER_MINUTE, sendInputPerMinute: e.PANEL_PA_SEND_INPUT_RATE_LIMIT_PER_MINUTE, windowSeconds: e.PANEL_PA_RATE_WINDOW_SECONDS },
  /** Addresses of reverse proxies whose X-Forwarded-For panel-api believes; from anyone else it is ignored. */
  trustedProxies: e.PANEL_TRUSTED_PROXIES,
  /** The operator's allow-list of custom web app domains that route without a DNS check (`x.org`, `*.x.org`). */
  customDomainAllowList: e.PANEL_CUSTOM_DOMAINS,
  nodeId: e.PANEL_NODE_ID,
  uidBase: e.PANEL_UID_BASE,
  userNetwork: e.PANEL_USER_NETWORK,
  containerLimits: {
    memoryBytes: e.PANEL_CONTAINER_MEMORY_MB * MiB,
    nanoCpus: Math.round(e.PANEL_CONTAINER_CPUS * 1e9),
    pids: e.PANEL_CONTAINER_PIDS,
  },
  /**
   * How many times its memory a node's containers' limits may add up to before placement skips it: a limit is a
   * ceiling, and most students' apps and consoles use a small part of theirs.
   */
  nodeMemoryOvercommit: e.PANEL_NODE_MEMORY_OVERCOMMIT,
  /** How long a node's heartbeat may be gone before the leader declares it down and places its work elsewhere. */
  nodeDownGraceSeconds: e.PANEL_NODE_DOWN_GRACE_SECONDS,
  /** How long consoles on a draining node keep running after the warning, unless the drain request says otherwise. */
  drainConsoleDeadlineSeconds: e.PANEL_DRAIN_CONSOLE_DEADLINE_SECONDS,
  /** maxQueuedPerAccount: jobs an account may have queued or running at once (more is a 429). */
  jobs: { concurrency: e.PANEL_JOB_CONCURRENCY, timeoutSeconds: e.PANEL_JOB_TIMEOUT_SECONDS, stalledSeconds: e.PANEL_JOB_STALLED_SECONDS, maxQueuedPerAccount: e.PANEL_MAX_QUEUED_JOBS },
  /** Disk quota per home for writes made through the API (uploads, saves). */
  homeQuotaBytes: e.PANEL_HOME_QUOTA_MB * MiB,
  pipIndexUrl: e.PANEL_PIP_INDEX_URL,
  /** Consoles an account may have at once; minutes an account's console container with no consoles keeps running. */
  consoles: { max: e.PANEL_MAX_CONSOLES, idleMinutes: e.PANEL_CONSOLE_IDLE_MINUTES },
  /** Scheduled and always-on tasks an account may have; the longest (and default) time limit of a run; runs at once per node. */
  tasks: { maxScheduled: e.PANEL_MAX_SCHEDULED_TASKS, maxAlwaysOn: e.PANEL_MAX_ALWAYS_ON_TASKS, timeoutSeconds: e.PANEL_TASK_TIMEOUT_SECONDS, concurrency: e.PANEL_TASK_CONCURRENCY },
  /**
   * The daily CPU-seconds allowance of an account's consoles, task runs and always-on tasks (not web apps); the UTC
   * time the count starts again; how often each worker samples its containers. Past the allowance an account's
   * containers run at a lower CPU weight until the reset; nothing is killed.
   */
  cpu: {
    dailySeconds: e.PANEL_DAILY_CPU_SECONDS,
    resetAt: { hour: Number(e.PANEL_CPU_RESET_TIME.slice(0, 2)), minute: Number(e.PANEL_CPU_RESET_TIME.slice(3)) },
    sampleSeconds: e.PANEL_CPU_SAMPLE_SECONDS,
  },
  /** How often a worker looks for virtualenvs changed outside jobs (a console's pip) and measures those again. */
  environmentMeasureSeconds: e.PANEL_ENVIRONMENT_MEASURE_SECONDS,
  /** Web app logs are rotated when larger than maxBytes (checked every checkSeconds); `keep` rotated files are kept. */
  webappLogs: {
    maxBytes: Math.round(e.PANEL_WEBAPP_LOG_MAX_MB * MiB),
    keep: e.PANEL_WEBAPP_LOG_KEEP,
    checkSeconds: e.PANEL_WEBAPP_LOG_CHECK_SECONDS,
  },
  logLevel: e.PANEL_LOG_LEVEL,
  /** The operator's settings file (generated secrets and their own lines); backups carry it. */
  envFile: e.PANEL_ENV_FILE,
}));

export type PanelConfig = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {}

/**
 * Validates the environment into a typed config. Throws a ConfigError that names every bad variable,
 * so a process stops before it starts anything.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PanelConfig {
  return parseEnvironment(ConfigSchema, env);
}

/** Each variable's effective value, read exactly as loadConfig reads it (for `cli/print-setting.js`). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): PanelEnv {
  return parseEnvironment(EnvSchema, env);
}

/** A setting's value as bash and README.md write it: a list comma-separated, unset as ''. */
export function formatSetting(value: PanelEnv[SettingName]): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** The env file's lines are defaults under the environment; an empty variable counts as unset. */
function parseEnvironment<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const set = stripEmpty(env);
  const envFile = set.PANEL_ENV_FILE ?? DEFAULT_ENV_FILE;
  const merged: Record<string, string> = { ...readEnvFile(envFile), ...set, PANEL_ENV_FILE: envFile };
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `  ${name}=${JSON.stringify(merged[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
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
