import { z } from 'zod';
import { environmentNameSchema } from './environments';

/*
 * Scheduled tasks (the Tasks tab and PythonAnywhere's schedule API). A task is a command run in a one-off container
 * of the account on its home node: daily at HH:MM or hourly at :MM (UTC, as on PythonAnywhere), or on any 5-field
 * cron expression. Every run is kept with its output.
 */

export const TASK_INTERVALS = ['daily', 'hourly', 'cron'] as const;
export const TaskInterval = z.enum(TASK_INTERVALS, { error: 'interval must be "daily", "hourly" or "cron".' });
export type TaskInterval = z.infer<typeof TaskInterval>;

export const TASK_COMMAND_MAX = 10_000;

const CRON_FIELDS: Array<{ name: string; min: number; max: number }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
];

/**
 * Why a cron expression is refused (null: it is a valid 5-field expression of numbers, `*`, ranges `a-b`, steps
 * `/n` and lists `a,b`). Names (MON, JAN) and seconds fields are not accepted, so every expression means the same
 * here and in the scheduler.
 */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `A cron expression has 5 fields (minute hour day-of-month month day-of-week), such as "*/15 * * * *"; "${expression}" has ${fields.length}.`;
  for (let i = 0; i < 5; i++) {
    const { name, min, max } = CRON_FIELDS[i];
    for (const part of fields[i].split(',')) {
      const m = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part);
      if (!m) return `The ${name} field "${fields[i]}" is not a number, *, a range a-b, a step /n or a list a,b.`;
      const values = [m[2], m[3]].filter((v) => v !== undefined).map(Number);
      if (values.some((v) => v < min || v > max)) return `The ${name} field "${fields[i]}" must stay within ${min}-${max}.`;
      if (values.length === 2 && values[0] > values[1]) return `The ${name} field "${fields[i]}" has a range that ends before it starts.`;
      if (m[4] !== undefined && Number(m[4]) < 1) return `The ${name} field "${fields[i]}" has a step of 0.`;
    }
  }
  return null;
}

const command = z
  .string({ error: 'command is required.' })
  .trim()
  .min(1, { error: 'command must not be empty.' })
  .max(TASK_COMMAND_MAX, { error: `command is limited to ${TASK_COMMAND_MAX} characters.` });
const hour = z.number({ error: 'hour must be a whole number from 0 to 23.' }).int({ error: 'hour must be a whole number from 0 to 23.' }).min(0, { error: 'hour must be from 0 to 23.' }).max(23, { error: 'hour must be from 0 to 23.' });
const minute = z.number({ error: 'minute must be a whole number from 0 to 59.' }).int({ error: 'minute must be a whole number from 0 to 59.' }).min(0, { error: 'minute must be from 0 to 59.' }).max(59, { error: 'minute must be from 0 to 59.' });
const cron = z.string({ error: 'cron must be a cron expression.' }).trim().max(100, { error: 'cron is limited to 100 characters.' });

/** The fields a task's schedule and command are made of; create and update both end up as one of these. */
export const ScheduledTaskFields = z
  .object({
    command,
    description: z.string().max(500, { error: 'description is limited to 500 characters.' }).default(''),
    enabled: z.boolean({ error: 'enabled must be true or false.' }).default(true),
    interval: TaskInterval,
    /** daily: the hour (UTC); null otherwise. */
    hour: hour.nullable().optional(),
    /** daily and hourly: the minute (UTC). */
    minute: minute.nullable().optional(),
    /** cron: the expression (UTC). */
    cron: cron.nullable().optional(),
    /** Where the command starts: a folder in the home ("mysite" or "/home/alice/mysite"); the home by default. */
    workingDirectory: z.string().max(1024, { error: 'workingDirectory is limited to 1024 characters.' }).nullable().optional(),
    /** A virtualenv of ~/.virtualenvs, activated before the command. */
    virtualenv: environmentNameSchema.nullable().optional(),
    /** Seconds a run may take before it is stopped; the platform's limit by default (and at most). */
    timeLimitSeconds: z.number({ error: 'timeLimitSeconds must be a number of seconds.' }).int().min(10, { error: 'timeLimitSeconds must be at least 10.' }).nullable().optional(),
  })
  .superRefine((t, ctx) => {
    if (t.interval !== 'cron' && (t.minute === undefined || t.minute === null)) ctx.addIssue({ code: 'custom', path: ['minute'], message: `minute is required for a${t.interval === 'hourly' ? 'n hourly' : ' daily'} task.` });
    if (t.interval === 'daily' && (t.hour === undefined || t.hour === null)) ctx.addIssue({ code: 'custom', path: ['hour'], message: 'hour is required for a daily task.' });
    if (t.interval === 'cron') {
      const problem = t.cron ? cronProblem(t.cron) : 'cron is required for a cron task.';
      if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: problem.startsWith('cron') ? problem : `cron: ${problem}` });
    }
  });
export type ScheduledTaskFields = z.output<typeof ScheduledTaskFields>;

/** POST /api/tasks. */
export const CreateScheduledTaskRequest = ScheduledTaskFields;
export type CreateScheduledTaskRequest = z.input<typeof CreateScheduledTaskRequest>;

/** PATCH /api/tasks/:id: any of the fields; the result must still be a whole task (checked with ScheduledTaskFields). */
export const UpdateScheduledTaskRequest = z.object({
  command: command.optional(),
  description: z.string().max(500, { error: 'description is limited to 500 characters.' }).optional(),
  enabled: z.boolean({ error: 'enabled must be true or false.' }).optional(),
  interval: TaskInterval.optional(),
  hour: hour.nullable().optional(),
  minute: minute.nullable().optional(),
  cron: cron.nullable().optional(),
  workingDirectory: z.string().max(1024).nullable().optional(),
  virtualenv: environmentNameSchema.nullable().optional(),
  timeLimitSeconds: z.number().int().min(10, { error: 'timeLimitSeconds must be at least 10.' }).nullable().optional(),
});
export type UpdateScheduledTaskRequest = z.input<typeof UpdateScheduledTaskRequest>;

/** The cron pattern the scheduler uses for a task (minute hour day month weekday, UTC). */
export function taskCronPattern(task: { interval: TaskInterval; hour?: number | null; minute?: number | null; cron?: string | null }): string {
  switch (task.interval) {
    case 'daily':
      return `${task.minute} ${task.hour} * * *`;
    case 'hourly':
      return `${task.minute} * * * *`;
    case 'cron':
      return task.cron!.trim().split(/\s+/).join(' ');
  }
}

const two = (n: number | null | undefined) => String(n ?? 0).padStart(2, '0');

/** As PythonAnywhere prints it: "16:00" for daily, "05 minutes past" for hourly; the expression for cron. */
export function printableTaskTime(task: { interval: TaskInterval; hour?: number | null; minute?: number | null; cron?: string | null }): string {
  if (task.interval === 'daily') return `${two(task.hour)}:${two(task.minute)}`;
  if (task.interval === 'hourly') return `${two(task.minute)} minutes past`;
  return task.cron ?? '';
}

/** The account's log of every run of a task, as its containers see it. */
export const taskLogPath = (taskId: number) => `/var/log/tasklog-${taskId}.log`;

export const TASK_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'skipped'] as const;
export const TaskRunStatus = z.enum(TASK_RUN_STATUSES);
export type TaskRunStatus = z.infer<typeof TaskRunStatus>;
export const FINISHED_TASK_RUN_STATUSES: readonly TaskRunStatus[] = ['succeeded', 'failed', 'skipped'];

export const TaskRunView = z.object({
  id: z.string(),
  taskId: z.number().int(),
  /** schedule: it was due; manual: "Run now". */
  trigger: z.enum(['schedule', 'manual']),
  status: TaskRunStatus,
  /** When the schedule said it was due (null for "Run now"). */
  dueAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  /** Why it was skipped, stopped or failed to start. */
  message: z.string().nullable(),
  nodeId: z.string().nullable(),
  createdAt: z.string(),
});
export type TaskRunView = z.infer<typeof TaskRunView>;

export const ScheduledTaskView = z.object({
  id: z.number().int(),
  command: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  interval: TaskInterval,
  hour: z.number().int().nullable(),
  minute: z.number().int().nullable(),
  cron: z.string().nullable(),
  /** "16:00", "05 minutes past" or the cron expression; always UTC. */
  printableTime: z.string(),
  workingDirectory: z.string(),
  virtualenv: z.string().nullable(),
  timeLimitSeconds: z.number().int(),
  /** Every run's output is appended here too (in the account's /var/log). */
  logfile: z.string(),
  /** When it runs next, by the scheduler (null while disabled). */
  nextRunAt: z.string().nullable(),
  lastRun: TaskRunView.nullable(),
  createdAt: z.string(),
});
export type ScheduledTaskView = z.infer<typeof ScheduledTaskView>;

/** GET /api/tasks/:id/runs/:runId/output?offset=N: the run and its output from byte offset N (poll with the new offset). */
export const TaskRunOutputView = z.object({
  run: TaskRunView,
  output: z.string(),
  /** Where the next read starts. */
  offset: z.number().int(),
});
export type TaskRunOutputView = z.infer<typeof TaskRunOutputView>;

export const TaskRunOutputQuery = z.object({ offset: z.coerce.number().int().min(0).default(0) });

/** Job data of the scheduler's ticks and of a run's job (BullMQ); ids only, the rows are the truth. */
export const TaskDueData = z.object({ taskId: z.number().int() });
export const TaskRunData = z.object({ runId: z.string().regex(/^[0-9a-f-]{36}$/) });

/*
 * Always-on tasks: a long-lived command in its own container of the account on its home node, restarted by the
 * engine when it exits (with the engine's backoff), and supervised by the node's worker, which reports its state.
 */
export const ALWAYS_ON_STATES = ['starting', 'running', 'paused', 'crashing'] as const;
export const AlwaysOnState = z.enum(ALWAYS_ON_STATES);
export type AlwaysOnState = z.infer<typeof AlwaysOnState>;

export const CreateAlwaysOnTaskRequest = z.object({
  command,
  description: z.string().max(500, { error: 'description is limited to 500 characters.' }).default(''),
  enabled: z.boolean({ error: 'enabled must be true or false.' }).default(true),
  workingDirectory: z.string().max(1024, { error: 'workingDirectory is limited to 1024 characters.' }).nullable().optional(),
  virtualenv: environmentNameSchema.nullable().optional(),
});
export type CreateAlwaysOnTaskRequest = z.input<typeof CreateAlwaysOnTaskRequest>;

/** PATCH /api/always-on/:id: any of the fields; `enabled: false` pauses it. */
export const UpdateAlwaysOnTaskRequest = z.object({
  command: command.optional(),
  description: z.string().max(500, { error: 'description is limited to 500 characters.' }).optional(),
  enabled: z.boolean({ error: 'enabled must be true or false.' }).optional(),
  workingDirectory: z.string().max(1024).nullable().optional(),
  virtualenv: environmentNameSchema.nullable().optional(),
});
export type UpdateAlwaysOnTaskRequest = z.input<typeof UpdateAlwaysOnTaskRequest>;

export const alwaysOnLogPath = (taskId: number) => `/var/log/alwayson-log-${taskId}.log`;

export const AlwaysOnTaskView = z.object({
  id: z.number().int(),
  command: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  /** starting, running, paused (disabled) or crashing (it keeps exiting; the engine restarts it with a growing delay). */
  state: AlwaysOnState,
  workingDirectory: z.string(),
  virtualenv: z.string().nullable(),
  logfile: z.string(),
  /** Times it was restarted after exiting since it was last started. */
  restarts: z.number().int(),
  lastExitCode: z.number().int().nullable(),
  /** Why it cannot start, when it cannot (a missing virtualenv, an image not built). */
  message: z.string().nullable(),
  nodeId: z.string().nullable(),
  stateChangedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AlwaysOnTaskView = z.infer<typeof AlwaysOnTaskView>;

/** GET /api/always-on/:id/log: the end of its log. */
export const AlwaysOnLogView = z.object({ log: z.string(), size: z.number().int() });
export type AlwaysOnLogView = z.infer<typeof AlwaysOnLogView>;
