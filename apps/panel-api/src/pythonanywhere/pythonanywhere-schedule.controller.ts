import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ScheduledTaskFields, ScheduledTaskView, TASK_COMMAND_MAX, UpdateScheduledTaskRequest } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { TasksService } from '../tasks/tasks.service';
import { OwnAccount } from './own-account.guard';

/** Per-field errors as PythonAnywhere (Django REST framework) gives them: {"minute": ["This field is required."]}. */
type FieldErrors = Record<string, string[]>;
type PaFields = z.output<typeof UpdateScheduledTaskRequest>;

const REQUIRED = 'This field is required.';

/** A JSON number or a form's digits. */
function integer(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return null;
}

function boolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (/^(true|1|yes|on)$/i.test(value.trim())) return true;
    if (/^(false|0|no|off)$/i.test(value.trim())) return false;
  }
  return null;
}

/**
 * Reads PythonAnywhere's schedule fields (JSON, or form-encoded strings). `whole`: POST and PUT, where command,
 * interval and minute (and hour for daily) are required; PATCH gives only what changes (`current` is the task).
 */
export function parsePaSchedule(body: unknown, whole: boolean, current?: ScheduledTaskView): { fields: PaFields; errors: FieldErrors | null } {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  const fields: PaFields = {};
  const has = (key: string) => input[key] !== undefined && input[key] !== null && !(typeof input[key] === 'string' && input[key] === '' && key !== 'description');

  if (has('command')) {
    const command = String(input.command);
    if (!command.trim()) errors.command = ['This field may not be blank.'];
    else if (command.length > TASK_COMMAND_MAX) errors.command = [`Ensure this field has no more than ${TASK_COMMAND_MAX} characters.`];
    else fields.command = command;
  } else if (whole) errors.command = [REQUIRED];

  if (has('interval')) {
    const interval = String(input.interval);
    if (interval === 'daily' || interval === 'hourly') fields.interval = interval;
    else errors.interval = [`"${interval}" is not a valid choice.`];
  } else if (whole) errors.interval = [REQUIRED];

  const interval = fields.interval ?? (whole ? undefined : current?.interval);
  for (const [key, max] of [['minute', 59], ['hour', 23]] as const) {
    if (key === 'hour' && interval === 'hourly') {
      fields.hour = null; // PythonAnywhere ignores an hour for an hourly task
      continue;
    }
    if (has(key)) {
      const value = integer(input[key]);
      if (value === null) errors[key] = ['A valid integer is required.'];
      else if (value < 0) errors[key] = ['Ensure this value is greater than or equal to 0.'];
      else if (value > max) errors[key] = [`Ensure this value is less than or equal to ${max}.`];
      else fields[key] = value;
    } else if (whole ? key === 'minute' || interval === 'daily' : key === 'hour' && interval === 'daily' && current?.hour === null) {
      errors[key] = [REQUIRED];
    }
  }

  if (has('enabled')) {
    const enabled = boolean(input.enabled);
    if (enabled === null) errors.enabled = ['Must be a valid boolean.'];
    else fields.enabled = enabled;
  }
  if (input.description !== undefined && input.description !== null) {
    const description = String(input.description);
    if (description.length > 500) errors.description = ['Ensure this field has no more than 500 characters.'];
    else fields.description = description;
  }
  if (current?.interval === 'cron' && fields.interval) fields.cron = null;
  return { fields, errors: Object.keys(errors).length ? errors : null };
}

/**
 * PythonAnywhere's scheduled tasks API, as pythonanywhere-core's `Schedule` and the `pa schedule` CLI call it:
 * list/create on the collection, get/update/delete on a task. Times are UTC. Our tasks never expire, so `expiry` is
 * null and there is no extend_url. A cron task made in the dashboard shows its expression as printable_time.
 */
@ApiTags('pythonanywhere')
@OwnAccount()
@Controller('api/v0/user/:username/schedule')
export class PythonAnywhereScheduleController {
  constructor(private readonly tasks: TasksService) {}

  private toPa(account: AccountEntity, t: ScheduledTaskView) {
    return {
      id: t.id,
      url: `/api/v0/user/${account.username}/schedule/${t.id}/`,
      user: account.username,
      command: t.command,
      description: t.description,
      enabled: t.enabled,
      interval: t.interval,
      hour: t.hour,
      minute: t.minute,
      printable_time: t.printableTime,
      logfile: `/user/${account.username}/files${t.logfile}`,
      expiry: null,
      can_enable: true,
      extend_url: null,
    };
  }

  @Get()
  async list(@CurrentAccount() account: AccountEntity) {
    return (await this.tasks.list(account)).map((t) => this.toPa(account, t));
  }

  @Post()
  async create(@CurrentAccount() account: AccountEntity, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const { fields, errors } = parsePaSchedule(body, true);
    if (errors) {
      res.status(400);
      return errors;
    }
    const whole = ScheduledTaskFields.safeParse(fields);
    if (!whole.success) {
      res.status(400);
      return Object.fromEntries(whole.error.issues.map((issue) => [String(issue.path[0] ?? 'non_field_errors'), [issue.message]]));
    }
    const created = await this.tasks.create(account, whole.data);
    res.status(201);
    return this.toPa(account, created);
  }

  @Get(':id')
  async get(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.toPa(account, await this.tasks.get(account, id));
  }

  @Put(':id')
  async replace(@CurrentAccount() account: AccountEntity, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const current = await this.tasks.get(account, id);
    const { fields, errors } = parsePaSchedule(body, true, current);
    if (errors) {
      res.status(400);
      return errors;
    }
    return this.toPa(account, await this.tasks.update(account, id, { enabled: true, description: '', ...fields, cron: null }));
  }

  @Patch(':id')
  async update(@CurrentAccount() account: AccountEntity, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const current = await this.tasks.get(account, id);
    const { fields, errors } = parsePaSchedule(body, false, current);
    if (errors) {
      res.status(400);
      return errors;
    }
    return this.toPa(account, await this.tasks.update(account, id, fields));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    await this.tasks.delete(account, id);
  }
}
