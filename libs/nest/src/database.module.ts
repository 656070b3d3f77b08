import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { panelDataSourceOptions } from '@panel/database';
import { PANEL_CONFIG } from './config.module';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [PANEL_CONFIG],
      useFactory: (config: PanelConfig) => panelDataSourceOptions(config.databaseUrl),
    }),
  ],
})
export class DatabaseModule {}
