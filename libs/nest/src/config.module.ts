import { DynamicModule, Global, Module } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';

export const PANEL_CONFIG = Symbol('PANEL_CONFIG');

/** Provides the config validated in main.ts before Nest starts. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: PanelConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: PANEL_CONFIG, useValue: config }], exports: [PANEL_CONFIG] };
  }
}
