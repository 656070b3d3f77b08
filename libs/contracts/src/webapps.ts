import { z } from 'zod';
import { pythonVersionInputSchema } from './python';

export const DOMAIN_RULE = 'A domain is a lowercase host name such as alice.apps.example.com (letters, digits, dots and dashes).';
export const domainSchema = z
  .string({ error: DOMAIN_RULE })
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/, { error: DOMAIN_RULE });

/** The operator's allow-list (PANEL_CUSTOM_DOMAINS) covers a domain: `example.org` exactly, `*.example.org` below it. */
export function domainAllowListed(domain: string, allowList: readonly string[]): boolean {
  return allowList.some((entry) => (entry.startsWith('*.') ? domain.endsWith(entry.slice(1)) : domain === entry));
}

/** The TXT record that proves a custom domain is the account's (the value is shown in the Web tab). */
export const domainVerificationRecord = (domain: string) => `_panel-verify.${domain}`;

export const DomainVerificationView = z.object({
  verified: z.boolean(),
  verifiedAt: z.string().nullable(),
  /** A CNAME from the domain to this name proves it, or the TXT record below. */
  cnameTarget: z.string(),
  txtRecord: z.object({ name: z.string(), value: z.string() }).nullable(),
});
export type DomainVerificationView = z.infer<typeof DomainVerificationView>;

export const WEBAPP_TEMPLATES = ['manual', 'flask', 'comment-board'] as const;
export const WebAppTemplate = z.enum(WEBAPP_TEMPLATES, { error: `The template is one of: ${WEBAPP_TEMPLATES.join(', ')}.` });
export type WebAppTemplate = z.infer<typeof WebAppTemplate>;

export const STATIC_URL_RULE = 'A static URL starts with "/" and has no spaces, "..", "?" or "#".';
export const staticUrlSchema = z
  .string()
  .trim()
  .regex(/^\/[^\s?#]*$/, { error: STATIC_URL_RULE })
  .refine((u) => !u.split('/').includes('..'), { error: STATIC_URL_RULE });

/** A path in the home as the user sees it: "/home/alice/mysite" or relative to the home. */
export const homePathSchema = z.string().trim().min(1).max(1024);

/**
 * A website's command (API v1 websites): what serves the domain on $DOMAIN_SOCKET instead of the platform's gunicorn
 * and WSGI file, run by bash in the account's container (uvicorn, gunicorn, any server that binds a Unix socket).
 */
export const WEBSITE_COMMAND_MAX = 4096;
export const WEBSITE_COMMAND_RULE = `A website's command is one line of at most ${WEBSITE_COMMAND_MAX} characters that serves on $DOMAIN_SOCKET.`;
export const websiteCommandSchema = z
  .string({ error: WEBSITE_COMMAND_RULE })
  .trim()
  .min(1, { error: WEBSITE_COMMAND_RULE })
  .max(WEBSITE_COMMAND_MAX, { error: WEBSITE_COMMAND_RULE })
  .refine((c) => !/[\0\r\n]/.test(c), { error: WEBSITE_COMMAND_RULE });

export const CreateWebAppRequest = z.object({
  domain: domainSchema.optional(),
  template: WebAppTemplate.default('manual'),
  pythonVersion: pythonVersionInputSchema,
  /** Where the template's code goes (flask, comment-board) or the app's code is (manual). Defaults to ~/mysite. */
  sourceDirectory: homePathSchema.optional(),
  /** The comment board's first user, who can log in and post. */
  initialUser: z
    .object({
      username: z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9._-]+$/, { error: 'The site user name has letters, digits, ".", "_" or "-".' }),
      password: z.string().min(6, { error: "The site user's password has at least 6 characters." }).max(200),
    })
    .optional(),
});
export type CreateWebAppRequest = z.input<typeof CreateWebAppRequest>;

export const UpdateWebAppRequest = z.object({
  pythonVersion: pythonVersionInputSchema.optional(),
  sourceDirectory: homePathSchema.optional(),
  workingDirectory: homePathSchema.optional(),
  /** A name (resolves to ~/.virtualenvs/<name>), a path, or "" / null for none. */
  virtualenv: z.string().trim().max(1024).nullable().optional(),
  workers: z.number().int().min(1).max(8).optional(),
  forceHttps: z.boolean().optional(),
  passwordProtection: z
    .object({
      enabled: z.boolean(),
      username: z.string().trim().min(1).max(100).regex(/^[^:\s]+$/, { error: 'The username has no spaces or ":".' }).optional(),
      password: z.string().min(1).max(200).optional(),
    })
    .optional(),
  runMigrationsOnReload: z.boolean().optional(),
  /** Only for a website (an app made with a command): its new command. */
  command: websiteCommandSchema.optional(),
});
export type UpdateWebAppRequest = z.infer<typeof UpdateWebAppRequest>;

export const StaticFileView = z.object({ id: z.number().int(), url: z.string(), path: z.string() });
export type StaticFileView = z.infer<typeof StaticFileView>;
export const CreateStaticFileRequest = z.object({ url: staticUrlSchema, path: homePathSchema });
export type CreateStaticFileRequest = z.infer<typeof CreateStaticFileRequest>;
export const UpdateStaticFileRequest = z.object({ url: staticUrlSchema.optional(), path: homePathSchema.optional() });
export type UpdateStaticFileRequest = z.infer<typeof UpdateStaticFileRequest>;

export const WebAppStatus = z.enum(['running', 'stopped', 'reloading', 'error', 'disabled']);
export type WebAppStatus = z.infer<typeof WebAppStatus>;

export const WebAppView = z.object({
  id: z.number().int(),
  domain: z.string(),
  /** Custom domains route only once verified. */
  domainVerification: DomainVerificationView,
  url: z.string(),
  pythonVersion: z.string(),
  sourceDirectory: z.string(),
  workingDirectory: z.string(),
  wsgiFile: z.string(),
  /** A website's command (it serves on $DOMAIN_SOCKET; no WSGI file), null for a WSGI web app. */
  command: z.string().nullable(),
  virtualenv: z.string().nullable(),
  workers: z.number().int(),
  enabled: z.boolean(),
  forceHttps: z.boolean(),
  passwordProtection: z.object({ enabled: z.boolean(), username: z.string().nullable() }),
  runMigrationsOnReload: z.boolean(),
  status: WebAppStatus,
  nodeId: z.string(),
  lastReloadJobId: z.string().nullable(),
  lastReloadError: z.string().nullable(),
  lastReloadedAt: z.string().nullable(),
  staticFiles: z.array(StaticFileView),
  logs: z.object({ access: z.string(), error: z.string(), server: z.string() }),
  createdAt: z.string(),
});
export type WebAppView = z.infer<typeof WebAppView>;

export const WEBAPP_LOG_KINDS = ['access', 'error', 'server'] as const;
export const WebAppLogKind = z.enum(WEBAPP_LOG_KINDS);
export type WebAppLogKind = z.infer<typeof WebAppLogKind>;

/** The end of one of an app's log files (GET /api/webapps/:domain/logs/:kind). */
export const WebAppLogView = z.object({ kind: WebAppLogKind, path: z.string(), text: z.string() });
export type WebAppLogView = z.infer<typeof WebAppLogView>;

export const WsgiFileView = z.object({ path: z.string(), content: z.string() });
export type WsgiFileView = z.infer<typeof WsgiFileView>;
export const UpdateWsgiFileRequest = z.object({ content: z.string().max(256 * 1024) });
export type UpdateWsgiFileRequest = z.infer<typeof UpdateWsgiFileRequest>;

/** The log files of a web app, named as on PythonAnywhere and seen in containers under /var/log. */
export const webappLogFileName = (domain: string, kind: WebAppLogKind) => `${domain}.${kind}.log`;
/** PythonAnywhere's WSGI file name: /var/www/alice_pythonanywhere_com_wsgi.py. */
export const wsgiFileName = (domain: string) => `${domain.replace(/[.-]/g, '_')}_wsgi.py`;
/** Where the account's containers (and its consoles) see an app's WSGI file and logs. */
export const wsgiContainerPath = (domain: string) => `/var/www/${wsgiFileName(domain)}`;
export const webappLogContainerPath = (domain: string, kind: WebAppLogKind) => `/var/log/${webappLogFileName(domain, kind)}`;
