import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AlwaysOnLogView, AlwaysOnTaskView, CreateAlwaysOnTaskRequest, UpdateAlwaysOnTaskRequest } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodResponse } from '../common/zod';
import { AlwaysOnService } from './always-on.service';

/** The Tasks tab's always-on tasks: create, edit, pause/enable, restart, delete, and the end of each one's log. */
@ApiTags('tasks')
@Controller('api/always-on')
export class AlwaysOnController {
  constructor(private readonly alwaysOn: AlwaysOnService) {}

  @Get()
  @ZodResponse(200, z.array(AlwaysOnTaskView))
  list(@CurrentAccount() account: AccountEntity) {
    return this.alwaysOn.list(account);
  }

  @Post()
  @ZodResponse(201, AlwaysOnTaskView)
  create(@CurrentAccount() account: AccountEntity, @ZodBody(CreateAlwaysOnTaskRequest) body: z.output<typeof CreateAlwaysOnTaskRequest>) {
    return this.alwaysOn.create(account, body);
  }

  @Get(':id')
  @ZodResponse(200, AlwaysOnTaskView)
  get(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.alwaysOn.get(account, id);
  }

  /** Edit (it starts again with the change), or pause/enable (`{"enabled": false}`). */
  @Patch(':id')
  @ZodResponse(200, AlwaysOnTaskView)
  update(@CurrentAccount() account: AccountEntity, @Param('id') id: string, @ZodBody(UpdateAlwaysOnTaskRequest) body: z.output<typeof UpdateAlwaysOnTaskRequest>) {
    return this.alwaysOn.update(account, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.alwaysOn.delete(account, id);
  }

  @Post(':id/restart')
  @HttpCode(200)
  @ZodResponse(200, AlwaysOnTaskView)
  restart(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.alwaysOn.restart(account, id);
  }

  @Get(':id/log')
  @ZodResponse(200, AlwaysOnLogView)
  log(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.alwaysOn.log(account, id);
  }
}
