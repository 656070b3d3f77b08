import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JobName, JobProgress, JobStatus } from '@panel/contracts';

/** The durable record of a queued job: its status and history. Its output lives in a log file (see JobLogStore). */
@Entity('jobs')
@Index(['accountId', 'createdAt'])
@Index(['resourceKey', 'status'])
export class JobEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: JobName;

  @Column({ type: 'enum', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'], default: 'queued' })
  status!: JobStatus;

  @Column({ name: 'account_id', type: 'int', nullable: true })
  accountId!: number | null;

  @Column({ name: 'resource_key', type: 'varchar', length: 255, nullable: true })
  resourceKey!: string | null;

  @Column({ type: 'varchar', length: 100 })
  queue!: string;

  @Column({ name: 'node_id', type: 'varchar', length: 64, nullable: true })
  nodeId!: string | null;

  @Column({ type: 'json' })
  payload!: Record<string, unknown>;

  @Column({ type: 'json', nullable: true })
  progress!: JobProgress | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'datetime', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;
}
