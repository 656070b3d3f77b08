import { CertificatesModule } from './certificates/certificates.module';
import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { PanelConfig } from '@panel/config';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AccountsModule } from './accounts/accounts.module';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from '@panel/nest';
import { PanelDatabaseModule } from '@panel/nest';
import { DatabasesModule } from './databases/databases.module';
import { EnvironmentsModule } from './environments/environments.module';
import { WebAppsModule } from './webapps/webapps.module';
import { FilesModule } from './files/files.module';
import { WebAppMigrationsModule } from './webapp-migrations/webapp-migrations.module';
import { JobsModule } from './jobs/jobs.module';
import { ConsolesModule } from './consoles/consoles.module';
import { NodesModule } from './nodes/nodes.module';
import { RedisModule } from '@panel/nest';
import { SettingsController } from './settings/settings.controller';
import { SystemCheckModule } from './system-check/system-check.module';
import { TasksModule } from './tasks/tasks.module';
import { MetricsModule } from './metrics/metrics.module';
import { BackupsModule } from './backups/backups.module';

/** The built dashboard (apps/panel-ui/dist), served at / with the SPA fallback; /api and /metrics stay the API's. */
export const UI_DIST_DIR = join(__dirname, '..', '..', 'panel-ui', 'dist');

@Module({})
export class AppModule {
  static forRoot(config: PanelConfig): DynamicModule {
    const ui = existsSync(join(UI_DIST_DIR, 'index.html'))
      ? [ServeStaticModule.forRoot({ rootPath: UI_DIST_DIR, exclude: ['/api/{*path}', '/metrics'] })]
      : [];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        PanelDatabaseModule,
        RedisModule,
        AuthModule,
        AccountsModule,
        AdminModule,
        JobsModule,
        SystemCheckModule,
        EnvironmentsModule,
        WebAppsModule,
        CertificatesModule,
        DatabasesModule,
        FilesModule,
        WebAppMigrationsModule,
        NodesModule,
        MetricsModule,
        ConsolesModule,
        TasksModule,
        BackupsModule,
        ...ui,
      ],
      controllers: [SettingsController],
    };
  }
}
