import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { WEBAPP_LOG_KINDS } from '@panel/contracts';
import { WebAppEntity } from '@panel/database';
import { accountWebDirs } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { Repository } from 'typeorm';
import { rotateLogIfLarge } from './log-rotation';
import { logFilePath } from './webapp-paths';

/** Rotates the access, error and server logs of this node's web apps when they grow past the configured size. */
@Injectable()
export class WebAppLogRotator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebAppLogRotator.name);
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.check(), this.config.webappLogs.checkSeconds * 1000);
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  private async check() {
    if (this.checking) return;
    this.checking = true;
    try {
      const { maxBytes, keep } = this.config.webappLogs;
      const apps = await this.webapps.find({ where: { nodeId: this.config.nodeId }, relations: { account: true } });
      for (const app of apps) {
        if (!app.account?.uid) continue;
        const logDir = accountWebDirs(this.config, app.account.username).log;
        for (const kind of WEBAPP_LOG_KINDS) {
          const path = logFilePath(logDir, app.domain, kind);
          try {
            if (await rotateLogIfLarge(path, app.account.uid, maxBytes, keep)) this.logger.log(`${app.domain}: rotated its ${kind} log`);
          } catch (error) {
            this.logger.warn(`${app.domain}: could not rotate its ${kind} log: ${(error as Error).message}`);
          }
        }
      }
    } catch (error) {
      this.logger.warn(`log rotation check failed: ${(error as Error).message}`);
    } finally {
      this.checking = false;
    }
  }
}
