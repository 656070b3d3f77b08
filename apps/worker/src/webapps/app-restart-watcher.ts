import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { WebAppEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { Repository } from 'typeorm';
import { DockerService } from '../docker/docker.service';
import { WebAppRuntime } from './webapp-runtime';

/** How long a restarted container may take to bind its socket and import the app. */
const RESTART_ANSWER_TIMEOUT_MS = 60_000;

/**
 * Docker restarts an app's container when its gunicorn exits (restart policy unless-stopped); gunicorn then binds a
 * new socket, and Caddy only ever dials root's link to the old one (see AppSockets). This follows Docker's start
 * events for this node's app containers and links the new socket once it is checked, so the app serves again.
 */
@Injectable()
export class AppRestartWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AppRestartWatcher.name);
  private stream: Readable | null = null;
  private stopped = false;

  constructor(
    private readonly docker: DockerService,
    private readonly runtime: WebAppRuntime,
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  onApplicationBootstrap() {
    void this.follow();
  }

  onApplicationShutdown() {
    this.stopped = true;
    this.stream?.destroy();
  }

  private async follow() {
    while (!this.stopped) {
      try {
        const stream = (await this.docker.docker.getEvents({
          filters: { type: ['container'], event: ['restart', 'start'], label: ['panel.webapp', `panel.node=${this.config.nodeId}`] },
        })) as unknown as Readable;
        this.stream = stream;
        let buffered = '';
        stream.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            if (line.trim()) void this.onEvent(JSON.parse(line) as DockerEvent).catch((error) => this.logger.warn(`relinking a restarted app: ${(error as Error).message}`));
          }
        });
        await new Promise<void>((resolve) => {
          stream.on('end', resolve);
          stream.on('close', resolve);
          stream.on('error', resolve);
        });
      } catch (error) {
        if (!this.stopped) this.logger.warn(`Docker events: ${(error as Error).message}`);
      }
      if (!this.stopped) await sleep(1_000);
    }
  }

  private async onEvent(event: DockerEvent) {
    const labels = event.Actor?.Attributes ?? {};
    const webappId = Number(labels['panel.webapp']);
    const slot = labels['panel.slot'];
    if (!webappId || !slot || slot !== (await this.runtime.sockets.activeSlot(webappId))) return;
    const app = await this.webapps.findOne({ where: { id: webappId }, relations: { account: true } });
    if (!app?.account) return;
    const info = await this.runtime.inspect(event.Actor!.ID);
    if (info?.State.Running && !(await this.runtime.servesCurrent(webappId, info, app.account.uid!, RESTART_ANSWER_TIMEOUT_MS))) {
      this.logger.warn(`${app.domain} restarted and does not answer on its socket`);
    }
  }
}

interface DockerEvent {
  Actor?: { ID: string; Attributes?: Record<string, string> };
}
