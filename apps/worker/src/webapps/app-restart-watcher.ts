import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { WebAppEntity } from '@panel/database';
import { Repository } from 'typeorm';
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';
import { type AppContainer, WebAppRuntime } from './webapp-runtime';

/** How long a restarted container may take to bind its socket and import the app. */
const RESTART_ANSWER_TIMEOUT_MS = 60_000;

/**
 * Docker restarts an app's container when its gunicorn exits (restart policy unless-stopped); gunicorn then binds a
 * new socket, and Caddy only ever dials root's link to the old one (see AppSockets). This follows the runtime's start
 * events for this node's app containers and links the new socket once it is checked, so the app serves again.
 */
@Injectable()
export class AppRestartWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AppRestartWatcher.name);
  private watch?: { close(): void };

  constructor(
    @Inject(NODE_RUNTIME) private readonly nodeRuntime: NodeRuntime,
    private readonly runtime: WebAppRuntime,
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
  ) {}

  onApplicationBootstrap() {
    this.watch = this.nodeRuntime.watchStarts({ kind: 'webapp' }, (started) =>
      void this.onStart(started).catch((error) => this.logger.warn(`relinking a restarted app: ${(error as Error).message}`)),
    );
  }

  onApplicationShutdown() {
    this.watch?.close();
  }

  private async onStart(started: AppContainer) {
    const { webappId, slot } = started.owner;
    if (slot !== (await this.runtime.sockets.activeSlot(webappId))) return;
    const app = await this.webapps.findOne({ where: { id: webappId }, relations: { account: true } });
    if (!app?.account) return;
    const info = await this.runtime.inspect(started.id);
    if (info?.state === 'running' && !(await this.runtime.servesCurrent(webappId, info, app.account.uid!, RESTART_ANSWER_TIMEOUT_MS, app.command))) {
      this.logger.warn(`${app.domain} restarted and does not answer on its socket`);
    }
  }
}
