import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { ConsoleEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { Repository } from 'typeorm';
import { ConsoleContainerRef, ConsoleContainers } from './console-containers';

/**
 * Keeps this node's console containers tidy: a session whose console no longer exists (killed while the worker was
 * away) is ended, and a container with no console sessions stops after PANEL_CONSOLE_IDLE_MINUTES (and is removed:
 * the next console creates it afresh, with the current image and limits).
 */
@Injectable()
export class ConsoleReaper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConsoleReaper.name);
  private readonly idleSince = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    @InjectRepository(ConsoleEntity) private readonly consoles: Repository<ConsoleEntity>,
    private readonly containers: ConsoleContainers,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  onApplicationBootstrap() {
    const idleMs = this.config.consoles.idleMinutes * 60_000;
    const every = Math.min(60_000, Math.max(1_000, idleMs / 4));
    this.timer = setInterval(() => void this.sweep(), every);
    void this.sweep();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over the node's console containers (also called by tests). */
  sweep(): Promise<void> {
    if (!this.running) {
      this.running = this.pass()
        .catch((error) => this.logger.warn(`console sweep failed: ${(error as Error).message}`))
        .finally(() => (this.running = null));
    }
    return this.running;
  }

  private async pass() {
    const idleMs = this.config.consoles.idleMinutes * 60_000;
    const seen = new Set<string>();
    for (const info of await this.containers.list()) {
      const name = info.name;
      seen.add(name);
      if (info.state !== 'running') {
        // Stopped by someone else (or a failed start): nothing runs in it, so it goes; one being started stays.
        const settled = info.state === 'exited' || info.state === 'dead';
        if (settled && Date.now() - this.containers.lastUsed(name) > 30_000) await this.containers.stopAndRemove(info.id);
        continue;
      }
      const inspected = await this.containers.inspect(info.id);
      if (!inspected) continue;
      const ref: ConsoleContainerRef = { id: info.id, name, user: inspected.user };
      const { accountId, pythonVersion: python } = info.owner;
      // Sessions first: a console's row is written before its session starts, so a new console is always known.
      const sessions = await this.containers.sessionStates(ref);
      const known = new Set(
        (await this.consoles.find({ select: { id: true }, where: { accountId, pythonVersion: python, nodeId: this.config.nodeId } })).map((c) => c.id),
      );
      let live = 0;
      for (const id of sessions.keys()) {
        if (known.has(id)) live++;
        else await this.containers.killSession(ref, id);
      }
      if (live > 0) {
        this.idleSince.delete(name);
        continue;
      }
      // A console being started right now has no session yet: its container counts as used.
      const since = Math.max(this.idleSince.get(name) ?? Date.now(), this.containers.lastUsed(name));
      this.idleSince.set(name, since);
      if (Date.now() - since >= idleMs && Date.now() - this.containers.lastUsed(name) > 10_000) {
        this.logger.log(`stopping the idle console container ${name}`);
        await this.containers.stopAndRemove(info.id);
        this.idleSince.delete(name);
      }
    }
    for (const name of this.idleSince.keys()) if (!seen.has(name)) this.idleSince.delete(name);
  }
}
