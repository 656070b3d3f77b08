import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { TaskRunStatus } from '@panel/contracts';
import { ScheduledTaskEntity } from './scheduled-task.entity';

/**
 * One run of a scheduled task (or one skipped because the previous run was still going). A scheduled run is unique
 * per task and due time, so a tick delivered twice records one run; its output is a file under
 * PANEL_DATA_DIR/task-runs, named by the run's id.
 */
@Entity('task_runs')
@Index('IDX_task_runs_task_due', ['taskId', 'dueAt'], { unique: true })
@Index('IDX_task_runs_task_created', ['taskId', 'createdAt'])
export class TaskRunEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'task_id', type: 'int' })
  taskId!: number;

  @ManyToOne(() => ScheduledTaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: ScheduledTaskEntity;

  @Column({ name: 'account_id', type: 'int' })
  accountId!: number;

  @Column({ type: 'enum', enum: ['schedule', 'manual'] })
  trigger!: 'schedule' | 'manual';

  @Column({ type: 'enum', enum: ['queued', 'running', 'succeeded', 'failed', 'skipped'] })
  status!: TaskRunStatus;

  /** The schedule's due time (null for "Run now"). */
  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'node_id', type: 'varchar', length: 64, nullable: true })
  nodeId!: string | null;

  @Column({ name: 'started_at', type: 'datetime', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'exit_code', type: 'int', nullable: true })
  exitCode!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  message!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;
}
