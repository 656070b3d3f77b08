import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { PANEL_CONFIG } from '@panel/nest';
import { DataSource, type QueryRunner } from 'typeorm';

/**
 * The MariaDB named lock whose holder is the platform's leader among its workers. Named locks are server-wide, so
 * the name carries the panel database's: two platforms on one server (a scratch test platform beside the live one)
 * each have their own leader.
 */
const LEADER_LOCK = "CONCAT('panel:leader:', DATABASE())";

/**
 * Which one worker of the platform leads: it configures the edge and decides that a silent node is down. The role
 * is a MariaDB named lock held on a connection of its own, so a worker that dies (or loses the database) lets go of
 * it with its connection, and another worker takes it at its next try. Nothing else in MariaDB or Redis says who
 * leads: a worker that cannot confirm it holds the lock acts as a follower.
 */
@Injectable()
export class LeaderLock implements OnApplicationShutdown {
  private readonly logger = new Logger(LeaderLock.name);
  private held: QueryRunner | null = null;
  private trying: Promise<boolean> | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /** Whether this worker held the role at its last check. */
  get leading(): boolean {
    return this.held !== null;
  }

  /** Confirms the role (or takes it when it is free); false when another worker has it. */
  hold(): Promise<boolean> {
    this.trying ??= this.check().finally(() => (this.trying = null));
    return this.trying;
  }

  /** Gives the role up (a stopping worker; tests). */
  async release(): Promise<void> {
    const runner = this.held;
    this.held = null;
    if (!runner) return;
    await runner.query(`SELECT RELEASE_LOCK(${LEADER_LOCK})`).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }

  async onApplicationShutdown() {
    this.stopped = true;
    await this.trying;
    await this.release();
  }

  private async check(): Promise<boolean> {
    if (this.stopped) return false;
    if (this.held) {
      try {
        const [row] = (await this.held.query(`SELECT IS_USED_LOCK(${LEADER_LOCK}) = CONNECTION_ID() AS mine`)) as { mine: number | string | null }[];
        if (Number(row?.mine) === 1) return true;
      } catch {
        // The connection is gone, and the lock with it.
      }
      this.logger.warn(`node ${this.config.nodeId} lost the leader role`);
      await this.release();
      return false;
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await runner.query(`SELECT GET_LOCK(${LEADER_LOCK}, 0) AS got`)) as { got: number | string | null }[];
      if (Number(row?.got) !== 1) {
        await runner.release();
        return false;
      }
    } catch (error) {
      await runner.release().catch(() => undefined);
      throw error;
    }
    this.held = runner;
    this.logger.log(`node ${this.config.nodeId} leads the platform's workers`);
    return true;
  }
}
