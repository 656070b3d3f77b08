import type { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * A pass a worker repeats every few seconds (the edge, the node watch): never two at once, a failure logged and
 * retried at the next tick, and stop() waits for a pass in flight.
 */
export class PeriodicPass {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly pass: () => Promise<void>,
    private readonly everyMs: number,
  ) {}

  start(runNow = false) {
    if (runNow) void this.run();
    this.timer = setInterval(() => void this.run(), this.everyMs);
  }

  /** One pass now, or the one in flight (tests call this). */
  run(): Promise<void> {
    this.running ??= this.pass()
      .catch((error) => this.logger.warn(`${this.what}: ${(error as Error).message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  async stop() {
    clearInterval(this.timer);
    await this.running;
  }
}

/** A service that is one PeriodicPass: started with the application, stopped (waiting for a pass) with it. */
export abstract class PeriodicService implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly passes: PeriodicPass;

  onApplicationBootstrap() {
    this.passes.start();
  }

  onApplicationShutdown() {
    return this.passes.stop();
  }

  /** One pass now, or the one in flight (tests call this). */
  tick(): Promise<void> {
    return this.passes.run();
  }
}
