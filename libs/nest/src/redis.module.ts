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

/**
 * A connection for SUBSCRIBE only. ioredis's ready check (INFO) cannot run on a connection already in subscriber
 * mode, which races with a subscribe issued at once; subscribers skip it and wait until connected.
 */
export async function subscriberConnection(redis: Redis): Promise<Redis> {
  const subscriber = redis.duplicate({ enableReadyCheck: false, lazyConnect: true });
  await subscriber.connect();
  return subscriber;
}
