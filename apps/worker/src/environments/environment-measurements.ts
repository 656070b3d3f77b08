import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { AccountEntity, EnvironmentEntity } from '@panel/database';
import { accountHostHome, listVirtualenvs, measureVirtualenv, minorVersion, virtualenvStamp, type VirtualenvOnDisk } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { Repository } from 'typeorm';
import { PeriodicPass } from '../leadership/periodic-pass';

/**
 * Sizes and package counts of virtualenvs, measured when they change and stored on their rows, so the Environments
 * tab never walks a tree while a request waits. Jobs on an environment measure it when they end; a background pass
 * (every PANEL_ENVIRONMENT_MEASURE_SECONDS) compares each virtualenv's stamp (mtimes of pyvenv.cfg and site-packages)
 * with the stored one and measures only those that changed: a pip install in a console, or mkvirtualenv.
 * Each worker passes over the accounts whose home is its node (where their consoles run).
 */
@Injectable()
export class EnvironmentMeasurements implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EnvironmentMeasurements.name);
  private readonly passes: PeriodicPass;

  constructor(
    @InjectRepository(EnvironmentEntity) private readonly environments: Repository<EnvironmentEntity>,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {
    this.passes = new PeriodicPass(this.logger, 'environment sizes', () => this.pass(), config.environmentMeasureSeconds * 1000);
  }

  onApplicationBootstrap() {
    this.passes.start(true);
  }

  onApplicationShutdown() {
    return this.passes.stop();
  }

  /** One pass now, or the one in flight (tests). */
  tick(): Promise<void> {
    return this.passes.run();
  }

  /** Measures one virtualenv and stores it on its row (made for a virtualenv made in a console). */
  async measure(accountId: number, env: Pick<VirtualenvOnDisk, 'name' | 'hostPath' | 'pythonVersion'>): Promise<void> {
    // The stamp first: a change while the walk runs makes the next pass measure again.
    const stamp = await virtualenvStamp(env.hostPath);
    if (stamp === null) return;
    const { sizeBytes, packageCount } = await measureVirtualenv(env.hostPath);
    const measured = { sizeBytes, packageCount, measuredAt: new Date(), measuredStamp: stamp.slice(0, 255) };
    const updated = await this.environments.update({ accountId, name: env.name }, measured);
    if (updated.affected) return;
    await this.environments
      .insert({ accountId, name: env.name, pythonVersion: minorVersion(env.pythonVersion) ?? '', status: 'ready', lastJobId: null, ...measured })
      .catch(async (error: { code?: string }) => {
        // Made meanwhile (a build queued from the dashboard): measure onto that row.
        if (error.code !== 'ER_DUP_ENTRY') throw error;
        await this.environments.update({ accountId, name: env.name }, measured);
      });
  }

  private async pass() {
    const accounts = await this.accounts.find({ where: { homeNodeId: this.config.nodeId }, select: { id: true, username: true } });
    for (const account of accounts) {
      const [onDisk, rows] = await Promise.all([
        listVirtualenvs(accountHostHome(this.config, account.username)),
        this.environments.find({ where: { accountId: account.id }, select: { name: true, status: true, measuredStamp: true } }),
      ]);
      const rowsByName = new Map(rows.map((row) => [row.name, row]));
      for (const env of onDisk) {
        const row = rowsByName.get(env.name);
        // A build measures its environment when it ends.
        if (row?.status === 'building') continue;
        const stamp = await virtualenvStamp(env.hostPath);
        if (stamp === null || stamp.slice(0, 255) === row?.measuredStamp) continue;
        await this.measure(account.id, env).catch((error) => this.logger.warn(`measuring ~${account.username}/${env.name}: ${(error as Error).message}`));
        // Low priority: requests and jobs get the event loop between walks.
        await yieldToOthers();
      }
    }
  }
}
