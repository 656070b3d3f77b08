import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, PanelConfig } from '@panel/config';
import { WorkerModule } from '../worker.module';

/** A worker in this process, against the real Docker, MariaDB and Redis that `npm test` prepared. */
export async function startTestWorker(env: Record<string, string> = {}): Promise<{ worker: INestApplicationContext; config: PanelConfig }> {
  // PANEL_TEST_WORKER_LOG=1 shows the workers' own log while debugging a test.
  const verbose = Boolean(process.env.PANEL_TEST_WORKER_LOG);
  const config = loadConfig({ ...process.env, PANEL_LOG_LEVEL: verbose ? 'log' : 'error', ...env });
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: verbose ? ['error', 'warn', 'log'] : ['error'] });
  await worker.init();
  return { worker, config };
}
