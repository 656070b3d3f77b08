import { Module } from '@nestjs/common';
import { JobsCoreModule } from '@panel/nest';
import { JobsModule } from '../jobs/jobs.module';
import { WebAppsModule } from '../webapps/webapps.module';
import { WebAppMigrationsController } from './webapp-migrations.controller';
import { WebAppMigrationsService } from './webapp-migrations.service';

@Module({ imports: [WebAppsModule, JobsModule, JobsCoreModule], controllers: [WebAppMigrationsController], providers: [WebAppMigrationsService] })
export class WebAppMigrationsModule {}
