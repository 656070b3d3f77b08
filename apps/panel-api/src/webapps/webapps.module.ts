import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity, StaticFileEntity, WebAppEntity } from '@panel/database';
import { DataSource } from 'typeorm';
import { DatabasesModule } from '../databases/databases.module';
import { EnvironmentUsage } from '../environments/environment-usage';
import { EnvironmentsModule } from '../environments/environments.module';
import { JobsModule } from '../jobs/jobs.module';
import { NodesModule } from '../nodes/nodes.module';
import { PythonAnywhereWebAppsController } from '../pythonanywhere/pythonanywhere-webapps.controller';
import { PythonAnywhereWebsitesController } from '../pythonanywhere/pythonanywhere-websites.controller';
import { WaitingReload } from '../pythonanywhere/waiting-reload';
import { WebAppsController } from './webapps.controller';
import { DomainVerifier } from './domain-verification';
import { CreateWebApp } from './create-webapp.use-case';
import { WebAppsService } from './webapps.service';
import { WsgiFiles } from './wsgi-files';

@Module({
  imports: [TypeOrmModule.forFeature([WebAppEntity, StaticFileEntity]), JobsModule, NodesModule, DatabasesModule, EnvironmentsModule],
  controllers: [WebAppsController, PythonAnywhereWebAppsController, PythonAnywhereWebsitesController],
  providers: [WebAppsService, CreateWebApp, WsgiFiles, DomainVerifier, WaitingReload],
  exports: [WebAppsService],
})
export class WebAppsModule implements OnModuleInit {
  constructor(
    private readonly webapps: WebAppsService,
    private readonly usage: EnvironmentUsage,
    private readonly dataSource: DataSource,
  ) {}

  /** Environments learn which web apps use them (for the list, and to refuse deleting one in use). */
  onModuleInit() {
    this.usage.register({
      usedByForAccount: async (accountId) => {
        const account = await this.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: accountId });
        return this.webapps.usedByForAccount(accountId, account.username);
      },
    });
  }
}
