import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type AlwaysOnTaskView, TASK_COMMAND_MAX } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import type { Response } from 'express';
import { CurrentAccount } from '../common/request-context';
import { AlwaysOnService } from '../tasks/always-on.service';
import { OwnAccount } from './own-account.guard';

/** PythonAnywhere's fields of an always-on task from a body (JSON or form); per-field errors as its API gives them. */
export function parsePaAlwaysOn(body: unknown, whole: boolean) {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  const fields: { command?: string; description?: string; enabled?: boolean } = {};
  if (input.command !== undefined && input.command !== null) {
    const command = String(input.command);
    if (!command.trim()) errors.command = ['This field may not be blank.'];
    else if (command.length > TASK_COMMAND_MAX) errors.command = [`Ensure this field has no more than ${TASK_COMMAND_MAX} characters.`];
    else fields.command = command;
  } else if (whole) errors.command = ['This field is required.'];
  if (input.description !== undefined && input.description !== null) {
    if (String(input.description).length > 500) errors.description = ['Ensure this field has no more than 500 characters.'];
    else fields.description = String(input.description);
  }
  if (input.enabled !== undefined && input.enabled !== null) {
    const raw = input.enabled;
    const enabled = typeof raw === 'boolean' ? raw : /^(true|1|yes|on)$/i.test(String(raw)) ? true : /^(false|0|no|off)$/i.test(String(raw)) ? false : null;
    if (enabled === null) errors.enabled = ['Must be a valid boolean.'];
    else fields.enabled = enabled;
  }
  return { fields, errors: Object.keys(errors).length ? errors : null };
}

/** PythonAnywhere's always-on tasks API: list/create, get/update/delete, restart; `state` says how it is doing. */
@ApiTags('pythonanywhere')
@OwnAccount()
@Controller('api/v0/user/:username/always_on')
export class PythonAnywhereAlwaysOnController {
  constructor(private readonly alwaysOn: AlwaysOnService) {}

  private toPa(account: AccountEntity, t: AlwaysOnTaskView) {
    return {
      id: t.id,
      url: `/api/v0/user/${account.username}/always_on/${t.id}/`,
      user: account.username,
      command: t.command,
      description: t.description,
      enabled: t.enabled,
      state: t.state,
      logfile: `/user/${account.username}/files${t.logfile}`,
    };
  }

  @Get()
  async list(@CurrentAccount() account: AccountEntity) {
    return (await this.alwaysOn.list(account)).map((t) => this.toPa(account, t));
  }

  @Post()
  async create(@CurrentAccount() account: AccountEntity, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const { fields, errors } = parsePaAlwaysOn(body, true);
    if (errors) {
      res.status(400);
      return errors;
    }
    const created = await this.alwaysOn.create(account, { command: fields.command!, description: fields.description ?? '', enabled: fields.enabled ?? true });
    res.status(201);
    return this.toPa(account, created);
  }

  @Get(':id')
  async get(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.toPa(account, await this.alwaysOn.get(account, id));
  }

  @Put(':id')
  async replace(@CurrentAccount() account: AccountEntity, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    await this.alwaysOn.find(account, id);
    const { fields, errors } = parsePaAlwaysOn(body, true);
    if (errors) {
      res.status(400);
      return errors;
    }
    return this.toPa(account, await this.alwaysOn.update(account, id, { description: '', enabled: true, ...fields }));
  }

  @Patch(':id')
  async update(@CurrentAccount() account: AccountEntity, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    await this.alwaysOn.find(account, id);
    const { fields, errors } = parsePaAlwaysOn(body, false);
    if (errors) {
      res.status(400);
      return errors;
    }
    return this.toPa(account, await this.alwaysOn.update(account, id, fields));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    await this.alwaysOn.delete(account, id);
  }

  @Post(':id/restart')
  @HttpCode(200)
  async restart(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.toPa(account, await this.alwaysOn.restart(account, id));
  }
}
