import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CreateScheduledTaskRequest, ScheduledTaskView, TaskRunOutputQuery, TaskRunOutputView, TaskRunView, UpdateScheduledTaskRequest } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodQuery, ZodResponse } from '../common/zod';
import { TasksService } from './tasks.service';

/** The dashboard's Tasks tab: scheduled tasks, "Run now", and every run with its output. */
@ApiTags('tasks')
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ZodResponse(200, z.array(ScheduledTaskView))
  list(@CurrentAccount() account: AccountEntity) {
    return this.tasks.list(account);
  }

  @Post()
  @ZodResponse(201, ScheduledTaskView)
  create(@CurrentAccount() account: AccountEntity, @ZodBody(CreateScheduledTaskRequest) body: z.output<typeof CreateScheduledTaskRequest>) {
    return this.tasks.create(account, body);
  }

  @Get(':id')
  @ZodResponse(200, ScheduledTaskView)
  get(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.tasks.get(account, id);
  }

  /** Edit, enable or disable (`{"enabled": false}`). */
  @Patch(':id')
  @ZodResponse(200, ScheduledTaskView)
  update(@CurrentAccount() account: AccountEntity, @Param('id') id: string, @ZodBody(UpdateScheduledTaskRequest) body: z.output<typeof UpdateScheduledTaskRequest>) {
    return this.tasks.update(account, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.tasks.delete(account, id);
  }

  /** "Run now": 409 while a run of the task is queued or going. */
  @Post(':id/run')
  @ZodResponse(201, TaskRunView)
  run(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.tasks.runNow(account, id);
  }

  /** The last runs, newest first. */
  @Get(':id/runs')
  @ZodResponse(200, z.array(TaskRunView))
  runs(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.tasks.listRuns(account, id);
  }

  /** A run and its output from byte `offset` (ask again with the answer's offset to follow it live). */
  @Get(':id/runs/:runId/output')
  @ZodResponse(200, TaskRunOutputView)
  output(@CurrentAccount() account: AccountEntity, @Param('id') id: string, @Param('runId') runId: string, @ZodQuery(TaskRunOutputQuery) query: z.output<typeof TaskRunOutputQuery>) {
    return this.tasks.runOutput(account, id, runId, query.offset);
  }
}
