import { z } from 'zod';
import { pythonVersionInputSchema } from './python';
import { homePathSchema } from './webapps';

/** What runs in a console: a login-like bash, a Python REPL, a database client, or any bash command. */
export const CONSOLE_KINDS = ['bash', 'python', 'mysql', 'postgres', 'custom'] as const;
export const ConsoleKind = z.enum(CONSOLE_KINDS, { error: `A console's kind is one of: ${CONSOLE_KINDS.join(', ')}.` });
export type ConsoleKind = z.infer<typeof ConsoleKind>;

export const CONSOLE_NAME_RULE = 'A console name has 1 to 100 characters and no control characters.';
export const consoleNameSchema = z
  .string({ error: CONSOLE_NAME_RULE })
  .trim()
  .min(1, { error: CONSOLE_NAME_RULE })
  .max(100, { error: CONSOLE_NAME_RULE })
  .regex(/^[^\p{Cc}]*$/u, { error: CONSOLE_NAME_RULE });

export const CONSOLE_DATABASE_RULE = 'A database is named like "default" or "alice$default" (letters, digits and "_").';
/** A database of the account: "name" or "<username>$name". */
export const consoleDatabaseSchema = z
  .string({ error: CONSOLE_DATABASE_RULE })
  .trim()
  .regex(/^([a-z][a-z0-9]{0,29}\$)?[A-Za-z0-9_]{1,64}$/, { error: CONSOLE_DATABASE_RULE });

export const CONSOLE_COMMAND_RULE = 'A command has 1 to 4096 characters and no NUL bytes.';
export const consoleCommandSchema = z
  .string({ error: CONSOLE_COMMAND_RULE })
  .trim()
  .min(1, { error: CONSOLE_COMMAND_RULE })
  .max(4096, { error: CONSOLE_COMMAND_RULE })
  .refine((c) => !c.includes('\0'), { error: CONSOLE_COMMAND_RULE });

/** POST /api/consoles: the Consoles tab, the Files tab's "Save and run" (custom) and the Databases tab (mysql). */
export const CreateConsoleRequest = z
  .object({
    kind: ConsoleKind,
    /** The runtime image the console runs in (the Python of a python console); default the account's pythonDefault. */
    pythonVersion: pythonVersionInputSchema.optional(),
    /** Which of the account's Python defaults applies without pythonVersion: python3 (default), or save_and_run. */
    pythonDefault: z.enum(['python', 'python3', 'save_and_run']).optional(),
    /** mysql and postgres: "default" or "<username>$default" (the default). */
    database: consoleDatabaseSchema.optional(),
    /** custom: a bash command line, e.g. "workon myenv && python". */
    command: consoleCommandSchema.optional(),
    /** Where the console starts, in the home: "/home/alice/mysite" or "mysite"; default the home. */
    workingDirectory: homePathSchema.optional(),
    name: consoleNameSchema.optional(),
  })
  .refine((r) => r.kind !== 'custom' || !!r.command, { error: 'A custom console needs a command.', path: ['command'] })
  .refine((r) => r.kind === 'custom' || r.command === undefined, { error: 'Only a custom console takes a command.', path: ['command'] })
  .refine((r) => r.database === undefined || r.kind === 'mysql' || r.kind === 'postgres', {
    error: 'Only a MySQL or PostgreSQL console takes a database.',
    path: ['database'],
  });
export type CreateConsoleRequest = z.input<typeof CreateConsoleRequest>;

export const UpdateConsoleRequest = z.object({ name: consoleNameSchema });
export type UpdateConsoleRequest = z.infer<typeof UpdateConsoleRequest>;

/**
 * running: its program runs; exited: its program ended (the output stays until it is restarted or killed);
 * stopped: its container stopped (idle, node restart): opening it starts the program again;
 * ended: its node went down or was drained, which ended its program: opening it starts the program on the account's
 * home node; unknown: the console's node did not answer.
 */
export const ConsoleState = z.enum(['running', 'exited', 'stopped', 'ended', 'unknown']);
export type ConsoleState = z.infer<typeof ConsoleState>;

export const ConsoleView = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: ConsoleKind,
  pythonVersion: z.string(),
  database: z.string().nullable(),
  /** The program and its arguments, as the PythonAnywhere API reports them. */
  executable: z.string(),
  arguments: z.string(),
  workingDirectory: z.string(),
  nodeId: z.string(),
  state: ConsoleState,
  /** The exit status of an exited console's program. */
  exitStatus: z.number().int().nullable(),
  /** Why an ended console ended ("Node node2 went down"). */
  endedReason: z.string().nullable(),
  /** The dashboard page of the console. */
  url: z.string(),
  createdAt: z.string(),
});
export type ConsoleView = z.infer<typeof ConsoleView>;

/** A short-lived, single-use permission to open a console's WebSocket (for clients without the session cookie). */
export const ConsoleTicketView = z.object({ ticket: z.string(), url: z.string(), expiresAt: z.string() });
export type ConsoleTicketView = z.infer<typeof ConsoleTicketView>;

/** The WebSocket of a console: GET /api/consoles/:id/ws (session cookie, Authorization: Token, or ?ticket=). */
export const consoleSocketPath = (id: number) => `/api/consoles/${id}/ws`;

/**
 * Messages on a console's WebSocket. Server to browser: binary frames are terminal output; text frames are JSON
 * ConsoleServerMessage. Browser to server: binary frames are keystrokes; text frames are JSON ConsoleClientMessage.
 */
export type ConsoleServerMessage =
  | { type: 'attached' }
  /** The console's program ended; the connection stays open to show its last screen. */
  | { type: 'exited'; exitStatus: number | null }
  | { type: 'error'; message: string };

export const ConsoleClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('resize'), cols: z.number().int().min(2).max(1000), rows: z.number().int().min(2).max(500) }),
  z.object({ type: z.literal('input'), data: z.string().max(64 * 1024) }),
  /** Restarts an exited console's program in place. */
  z.object({ type: z.literal('restart') }),
]);
export type ConsoleClientMessage = z.infer<typeof ConsoleClientMessage>;

/** WebSocket close codes with a reason the dashboard shows. */
export const ConsoleCloseCode = {
  /** The console was killed. */
  Killed: 4000,
  /** The console's node is not answering (its worker is down); the dashboard retries. */
  NodeUnavailable: 4503,
  /** The browser read too slowly; reconnecting redraws the screen. */
  TooSlow: 4008,
  Error: 4500,
} as const;

/** The name a console gets when none is given, as on PythonAnywhere's Consoles tab. */
export function defaultConsoleName(kind: ConsoleKind, pythonVersion: string, database: string | null, command: string | null): string {
  switch (kind) {
    case 'bash':
      return 'Bash console';
    case 'python':
      return `Python ${pythonVersion} console`;
    case 'mysql':
      return `MySQL: ${database ?? ''}`.trim();
    case 'postgres':
      return `PostgreSQL: ${database ?? ''}`.trim();
    case 'custom':
      return (command ?? 'Custom console').slice(0, 100);
  }
}

/** PythonAnywhere API: POST /api/v0/user/{username}/consoles/. */
export const PaCreateConsoleRequest = z.object({
  executable: z.string({ error: 'executable is required (e.g. "bash" or "python3.11").' }).trim().min(1).max(255).regex(/^[A-Za-z0-9._+/-]+$/, {
    error: 'executable is a program name such as "bash" or "python3.11".',
  }),
  arguments: z.string().max(4096).optional().default(''),
  working_directory: homePathSchema.nullable().optional(),
});
export type PaCreateConsoleRequest = z.input<typeof PaCreateConsoleRequest>;

export const PaSendInputRequest = z.object({ input: z.string({ error: 'input is required.' }).max(64 * 1024, { error: 'input is limited to 64 KiB.' }) });
