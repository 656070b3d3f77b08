import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { jobEventsChannel, PublishedJobEvent } from '@panel/jobs';
import Redis from 'ioredis';
import { REDIS } from '@panel/nest';

type Listener = (event: PublishedJobEvent) => void;

/** One Redis subscriber connection for all the job streams this process serves. */
@Injectable()
export class JobEventsHub implements OnApplicationShutdown {
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(@Inject(REDIS) redis: Redis) {
    this.subscriber = redis.duplicate();
    this.subscriber.on('message', (channel: string, message: string) => {
      const event = JSON.parse(message) as PublishedJobEvent;
      for (const listener of this.listeners.get(channel) ?? []) listener(event);
    });
  }

  /** Resolves once the subscription is active, so nothing published afterwards is missed. */
  async subscribe(jobId: string, listener: Listener): Promise<() => void> {
    const channel = jobEventsChannel(jobId);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        void this.subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  async onApplicationShutdown() {
    await this.subscriber.quit().catch(() => undefined);
  }
}
