import { Controller, Delete, Get, HttpCode, Param, PipeTransform, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  CreateDatabaseRequest,
  DatabaseEngine,
  DatabaseEngineView,
  DatabaseJobEntryView,
  DatabasePasswordRequest,
  DatabasesOverview,
  DatabaseView,
  StartedDumpView,
  StartedRestoreView,
} from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { toJobView } from '@panel/jobs';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodResponse, ZodValidationPipe } from '../common/zod';
import { DatabasesService } from './databases.service';

const Engine: PipeTransform = new ZodValidationPipe(DatabaseEngine);

@ApiTags('databases')
@Controller('api/databases')
export class DatabasesController {
  constructor(private readonly databases: DatabasesService) {}

  /** Both engines: whether they are initialized, how to connect, and the account's databases with their sizes. */
  @Get()
  @ZodResponse(200, DatabasesOverview)
  overview(@CurrentAccount() account: AccountEntity) {
    return this.databases.overview(account);
  }

  /** Streams a finished dump's file (written by the dump job to ~/.dumps) as a download. */
  @Get('dumps/:jobId')
  async download(@CurrentAccount() account: AccountEntity, @Param('jobId') jobId: string, @Res() res: Response) {
    const { stream, size, fileName } = await this.databases.openDump(account, jobId);
    res.setHeader('content-type', 'application/sql; charset=utf-8');
    res.setHeader('content-length', String(size));
    res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    res.setHeader('cache-control', 'no-store');
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  @Get(':engine')
  @ZodResponse(200, DatabaseEngineView)
  engine(@CurrentAccount() account: AccountEntity, @Param('engine', Engine) engine: DatabaseEngine) {
    return this.databases.engineView(account, engine);
  }

  /** Creates the account's database user with this password, `<username>$default`, and ~/.my.cnf or ~/.pgpass. */
  @Post(':engine/initialize')
  @ZodResponse(201, DatabaseEngineView)
  initialize(@CurrentAccount() account: AccountEntity, @Param('engine', Engine) engine: DatabaseEngine, @ZodBody(DatabasePasswordRequest) body: DatabasePasswordRequest) {
    return this.databases.initialize(account, engine, body.password);
  }

  /** Sets a new password and writes the credentials file again. */
  @Post(':engine/password')
  @HttpCode(204)
  async password(@CurrentAccount() account: AccountEntity, @Param('engine', Engine) engine: DatabaseEngine, @ZodBody(DatabasePasswordRequest) body: DatabasePasswordRequest) {
    await this.databases.setPassword(account, engine, body.password);
  }

  /** Creates `<username>$<name>`: give only the part after "$". */
  @Post(':engine')
  @ZodResponse(201, DatabaseView)
  create(@CurrentAccount() account: AccountEntity, @Param('engine', Engine) engine: DatabaseEngine, @ZodBody(CreateDatabaseRequest) body: CreateDatabaseRequest) {
    return this.databases.create(account, engine, body.name);
  }

  @Delete(':engine/:name')
  @HttpCode(204)
  async delete(@CurrentAccount() account: AccountEntity, @Param('engine', Engine) engine: DatabaseEngine, @Param('name') name: string) {
    await this.databases.delete(account, engine, name);
  }

  /** Starts a dump job (mysqldump / pg_dump as the account); when it succeeds, download it at dump.downloadUrl. */
  @Post(':engine/:name/dump')
  @ZodResponse(201, StartedDumpView)
  async dump(@CurrentAccount() account: AccountEntity, @Param('engine', Engine) engine: DatabaseEngine, @Param('name') name: string): Promise<StartedDumpView> {
    const { job, dump } = await this.databases.dump(account, engine, name);
    return { job: toJobView(job), dump };
  }

  /** The body is the .sql file itself (streamed to disk, size-limited); a job then runs mysql / psql on it. */
  @Post(':engine/:name/restore')
  @ApiConsumes('application/sql', 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ZodResponse(201, StartedRestoreView)
  async restore(
    @CurrentAccount() account: AccountEntity,
    @Param('engine', Engine) engine: DatabaseEngine,
    @Param('name') name: string,
    @Query('fileName') fileName: string | undefined,
    @Req() request: Request,
  ): Promise<StartedRestoreView> {
    const { job, restore } = await this.databases.restore(account, engine, name, request, fileName);
    return { job: toJobView(job), restore };
  }

  /** Dumps and restores of a database, newest first. */
  @Get(':engine/:name/jobs')
  @ZodResponse(200, z.array(DatabaseJobEntryView))
  async history(@CurrentAccount() account: AccountEntity, @Param('engine', Engine) engine: DatabaseEngine, @Param('name') name: string): Promise<DatabaseJobEntryView[]> {
    return (await this.databases.history(account, engine, name)).map(({ job, view }) => ({ job: toJobView(job), database: view }));
  }
}
