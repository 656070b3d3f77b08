import { Module } from '@nestjs/common';
import { JobsCoreModule } from '@panel/nest';
import { JobsModule } from '../jobs/jobs.module';
import { WebAppsModule } from '../webapps/webapps.module';
import { MigrationsController } from './migrations.controller';
import { MigrationsService } from './migrations.service';

@Module({ imports: [WebAppsModule, JobsModule, JobsCoreModule], controllers: [MigrationsController], providers: [MigrationsService] })
export class MigrationsModule {}
