import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One run of `npm run backup`: written by the backup itself (running, then succeeded or failed with why), read by
 * the Admin page. A failed backup says so here; it never reads as a success.
 */
@Entity('backup_runs')
export class BackupRunEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'enum', enum: ['running', 'succeeded', 'failed'] })
  status!: 'running' | 'succeeded' | 'failed';

  /** The backup's folder on the machine that made it. */
  @Column({ type: 'varchar', length: 1000 })
  location!: string;

  @CreateDateColumn({ name: 'started_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;

  /** Bytes of the backup's folder (files unchanged since the previous backup are hard links and take no new space). */
  @Column({ name: 'size_bytes', type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  sizeBytes!: number | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  error!: string | null;
}
