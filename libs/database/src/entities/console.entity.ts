import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ConsoleKind } from '@panel/contracts';
import { AccountEntity } from './account.entity';

/**
 * A console: a program (bash, a Python REPL, a database client or a bash command) running under tmux in the
 * account's console container on one node. The row is what the dashboard and the API know; the process itself
 * lives in the container (tmux session `c<id>`), which is the truth about whether it is running.
 */
@Entity('consoles')
export class ConsoleEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ name: 'account_id', type: 'int' })
  accountId!: number;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'enum', enum: ['bash', 'python', 'mysql', 'postgres', 'custom'] })
  kind!: ConsoleKind;

  /** The runtime image the console runs in (and the Python of a python console). */
  @Column({ name: 'python_version', type: 'varchar', length: 8 })
  pythonVersion!: string;

  /** mysql and postgres: the full name (alice$default). */
  @Column({ name: 'database_name', type: 'varchar', length: 128, nullable: true })
  databaseName!: string | null;

  /** custom: the bash command line. */
  @Column({ type: 'text', nullable: true })
  command!: string | null;

  /** As the PythonAnywhere API reports them. */
  @Column({ type: 'varchar', length: 255 })
  executable!: string;

  @Column({ type: 'text' })
  arguments!: string;

  /** As seen in the container: /home/<username>/... */
  @Column({ name: 'working_directory', type: 'varchar', length: 1024 })
  workingDirectory!: string;

  /** The node whose worker runs the account's console container. */
  @Column({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId!: string;

  /**
   * Why the console's program ended without the user: its node went down or was drained. Opening the console starts
   * its program again on the account's home node.
   */
  @Column({ name: 'ended_reason', type: 'varchar', length: 255, nullable: true })
  endedReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' })
  updatedAt!: Date;
}
