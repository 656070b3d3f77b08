import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from './account.entity';

/**
 * CPU seconds an account's consoles, task runs and always-on tasks used in one daily period (web apps are not
 * counted, as on PythonAnywhere). A new period is a new row, so the daily reset deletes nothing.
 */
@Entity('account_cpu_usage')
export class AccountCpuUsageEntity {
  @PrimaryColumn({ name: 'account_id', type: 'int' })
  accountId!: number;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  /** When the period began: the last daily reset time at or before the measurement. */
  @PrimaryColumn({ name: 'period_start', type: 'datetime' })
  periodStart!: Date;

  @Column({ name: 'cpu_seconds', type: 'double', default: 0 })
  cpuSeconds!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' })
  updatedAt!: Date;
}

/**
 * The CPU seconds a workload had used when it was last counted: the next sample adds only what it used since. Kept
 * in the database so that a worker restart does not count a long-lived console's seconds twice.
 */
@Entity('workload_cpu_marks')
@Index('IDX_workload_cpu_marks_node', ['nodeId'])
export class WorkloadCpuMarkEntity {
  @PrimaryColumn({ name: 'workload_id', type: 'varchar', length: 80 })
  workloadId!: string;

  @Column({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId!: string;

  @Column({ name: 'account_id', type: 'int' })
  accountId!: number;

  @Column({ name: 'cpu_seconds', type: 'double' })
  cpuSeconds!: number;
}
