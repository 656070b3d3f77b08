import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import Redis from 'ioredis';
import { PANEL_CONFIG } from './config.module';

export const REDIS = Symbol('REDIS');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [PANEL_CONFIG],
      useFactory: (config: PanelConfig) => new Redis(config.redisUrl, { maxRetriesPerRequest: null }),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown() {
    await this.redis.quit().catch(() => undefined);
  }
}
