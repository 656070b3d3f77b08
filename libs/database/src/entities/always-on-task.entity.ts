import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AlwaysOnState } from '@panel/contracts';
import { AccountEntity } from './account.entity';

/**
 * An always-on task: a command kept running in its own container of the account on its home node. panel-api writes
 * what the user asked for (and raises `revision` for an edit or a restart: a new revision is a new container); the
 * node's worker writes what it sees (state, restarts, last exit code).
 */
@Entity('always_on_tasks')
export class AlwaysOnTaskEntity {
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

  @Column({ name: 'working_directory', type: 'varchar', length: 1024 })
  workingDirectory!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  virtualenv!: string | null;

  @Column({ type: 'int', default: 1 })
  revision!: number;

  @Column({ type: 'enum', enum: ['starting', 'running', 'paused', 'crashing'], default: 'starting' })
  state!: AlwaysOnState;

  @Column({ type: 'int', default: 0 })
  restarts!: number;

  @Column({ name: 'last_exit_code', type: 'int', nullable: true })
  lastExitCode!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  message!: string | null;

  @Column({ name: 'node_id', type: 'varchar', length: 64, nullable: true })
  nodeId!: string | null;

  @Column({ name: 'state_changed_at', type: 'datetime', precision: 3, nullable: true })
  stateChangedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' })
  updatedAt!: Date;
}
