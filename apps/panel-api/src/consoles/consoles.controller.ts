import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ConsoleTicketView, ConsoleView, CreateConsoleRequest, UpdateConsoleRequest } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodResponse } from '../common/zod';
import { ConsolesService } from './consoles.service';

/**
 * The dashboard's Consoles tab. Other tabs start consoles here too: the Files tab's "Save and run" (kind custom) and
 * the Databases tab (kind mysql on a database); the answer's `url` is the console's own page.
 */
@ApiTags('consoles')
@Controller('api/consoles')
export class ConsolesController {
  constructor(private readonly consoles: ConsolesService) {}

  @Get()
  @ZodResponse(200, z.array(ConsoleView))
  list(@CurrentAccount() account: AccountEntity) {
    return this.consoles.list(account);
  }

  /** Creates the console and starts its program at once. */
  @Post()
  @ZodResponse(201, ConsoleView)
  create(@CurrentAccount() account: AccountEntity, @ZodBody(CreateConsoleRequest) body: z.output<typeof CreateConsoleRequest>) {
    return this.consoles.create(account, this.consoles.specFromRequest(account, body));
  }

  @Get(':id')
  @ZodResponse(200, ConsoleView)
  get(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.consoles.get(account, id);
  }

  @Patch(':id')
  @ZodResponse(200, ConsoleView)
  rename(@CurrentAccount() account: AccountEntity, @Param('id') id: string, @ZodBody(UpdateConsoleRequest) body: UpdateConsoleRequest) {
    return this.consoles.rename(account, id, body.name);
  }

  /** Kills the console's program and forgets the console. */
  @Delete(':id')
  @HttpCode(204)
  kill(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.consoles.kill(account, id);
  }

  /** Runs the console's program again (after it exited, or to start over). */
  @Post(':id/restart')
  @HttpCode(200)
  @ZodResponse(200, ConsoleView)
  restart(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.consoles.restart(account, id);
  }

  /** A single-use ticket to open the console's WebSocket (GET /api/consoles/:id/ws?ticket=...) within a minute. */
  @Post(':id/ticket')
  @ZodResponse(201, ConsoleTicketView)
  ticket(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.consoles.ticket(account, id);
  }
}
