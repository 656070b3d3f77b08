import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { jobEventsChannel, PublishedJobEvent } from '@panel/jobs';
import Redis from 'ioredis';
import { REDIS, subscriberConnection } from '@panel/nest';

type Listener = (event: PublishedJobEvent) => void;

/** One Redis subscriber connection for all the job streams this process serves. */
@Injectable()
export class JobEventsHub implements OnApplicationShutdown {
  private subscriber?: Promise<Redis>;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  private connection(): Promise<Redis> {
    this.subscriber ??= subscriberConnection(this.redis).then((subscriber) => {
      subscriber.on('message', (channel: string, message: string) => {
        const event = JSON.parse(message) as PublishedJobEvent;
        for (const listener of this.listeners.get(channel) ?? []) listener(event);
      });
      return subscriber;
    });
    return this.subscriber;
  }

  /** Resolves once the subscription is active, so nothing published afterwards is missed. */
  async subscribe(jobId: string, listener: Listener): Promise<() => void> {
    const channel = jobEventsChannel(jobId);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await (await this.connection()).subscribe(channel);
    }
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        void this.connection().then((c) => c.unsubscribe(channel)).catch(() => undefined);
      }
    };
  }

  async onApplicationShutdown() {
    if (this.subscriber) await (await this.subscriber).quit().catch(() => undefined);
  }
}
