import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { panelDataSourceOptions } from '@panel/database';
import { PANEL_CONFIG } from './config.module';

/** The panel's own schema (accounts, jobs, nodes …) through TypeORM; users' databases are DatabasesModule in panel-api. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [PANEL_CONFIG],
      useFactory: (config: PanelConfig) => panelDataSourceOptions(config.databaseUrl),
    }),
  ],
})
export class PanelDatabaseModule {}
