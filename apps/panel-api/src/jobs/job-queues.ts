import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { Queue } from 'bullmq';
import type { QueuedJobData } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';

/** BullMQ queues by name, created on first use: the shared queue and one per node. */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue<QueuedJobData>>();

  constructor(@Inject(PANEL_CONFIG) private readonly config: PanelConfig) {}

  get(name: string): Queue<QueuedJobData> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<QueuedJobData>(name, { connection: { url: this.config.redisUrl, maxRetriesPerRequest: null } });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown() {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
