import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { TaskQueues } from '@panel/jobs';
import { PANEL_CONFIG } from './config.module';

/** The scheduled tasks' queues (schedulers and each node's runs), for panel-api and workers alike. */
@Global()
@Module({
  providers: [{ provide: TaskQueues, inject: [PANEL_CONFIG], useFactory: (config: PanelConfig) => new TaskQueues(config.redisUrl) }],
  exports: [TaskQueues],
})
export class TaskQueuesModule implements OnApplicationShutdown {
  constructor(@Inject(TaskQueues) private readonly queues: TaskQueues) {}

  async onApplicationShutdown() {
    await this.queues.close();
  }
}
