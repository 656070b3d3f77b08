import { Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JobView, MigrationStatusView, RunMigrationRequest } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { toJobView } from '@panel/jobs';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodResponse } from '../common/zod';
import { WebAppMigrationsService } from './webapp-migrations.service';

/** A web app's database migrations (Flask-Migrate / Alembic): status, and actions run as jobs. */
@ApiTags('migrations')
@Controller('api/webapps/:domain/migrations')
export class WebAppMigrationsController {
  constructor(private readonly migrations: WebAppMigrationsService) {}

  @Get()
  @ZodResponse(200, MigrationStatusView)
  status(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return this.migrations.status(account, domain);
  }

  /**
   * Reads the database's revision again (after changes made in a console): a short status job that reads the app's
   * alembic_version with the app's own database URL. The status answers with it once the job has finished.
   */
  @Post('refresh')
  @ZodResponse(201, JobView)
  async refresh(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return toJobView(await this.migrations.refresh(account, domain));
  }

  /** upgrade, downgrade (confirm), stamp (confirm), generate, init, adopt, custom, status. Watch /api/jobs/{id}/events. */
  @Post()
  @ZodResponse(201, JobView)
  async run(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @ZodBody(RunMigrationRequest) body: z.infer<typeof RunMigrationRequest>) {
    return toJobView(await this.migrations.run(account, domain, body));
  }
}
