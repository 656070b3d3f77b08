import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TaskInterval } from '@panel/contracts';
import { AccountEntity } from './account.entity';

/**
 * A scheduled task: a command the account's home node runs in a one-off container of the account on a schedule
 * (daily, hourly or cron, UTC). The row is the truth; the BullMQ job scheduler `task-<id>` is made from it (and made
 * again from it when a worker starts).
 */
@Entity('scheduled_tasks')
export class ScheduledTaskEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ name: 'account_id', type: 'int' })
  accountId!: number;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column({ type: 'text' })
  command!: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'enum', enum: ['daily', 'hourly', 'cron'] })
  interval!: TaskInterval;

  @Column({ type: 'tinyint', nullable: true })
  hour!: number | null;

  @Column({ type: 'tinyint', nullable: true })
  minute!: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  cron!: string | null;

  /** As seen in the container: /home/<username>/... */
  @Column({ name: 'working_directory', type: 'varchar', length: 1024 })
  workingDirectory!: string;

  /** A name in ~/.virtualenvs, activated before the command. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  virtualenv!: string | null;

  @Column({ name: 'time_limit_seconds', type: 'int' })
  timeLimitSeconds!: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' })
  updatedAt!: Date;
}
