import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from './account.entity';

/**
 * What the dashboard knows about a virtualenv beyond the filesystem: its build status, its latest job (for the
 * log) and its last measured size. The environments themselves are the directories in ~/.virtualenvs; one made with
 * mkvirtualenv gets a row when the worker's background pass first measures it.
 */
@Entity('environments')
@Index(['accountId', 'name'], { unique: true })
export class EnvironmentEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId!: number;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'python_version', type: 'varchar', length: 8 })
  pythonVersion!: string;

  /** building: a build job is queued or running; failed: the last build failed (nothing is left on disk). */
  @Column({ type: 'enum', enum: ['building', 'ready', 'failed'], default: 'building' })
  status!: 'building' | 'ready' | 'failed';

  @Column({ name: 'last_job_id', type: 'char', length: 36, nullable: true })
  lastJobId!: string | null;

  /**
   * What the Environments tab shows, measured when it changes (after each build, install and uninstall, and by the
   * worker's background pass when virtualenvStamp differs from measuredStamp), never while a request waits.
   */
  @Column({ name: 'size_bytes', type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  sizeBytes!: number | null;

  @Column({ name: 'package_count', type: 'int', nullable: true })
  packageCount!: number | null;

  @Column({ name: 'measured_at', type: 'datetime', precision: 3, nullable: true })
  measuredAt!: Date | null;

  /** The virtualenvStamp the measurement was made at. */
  @Column({ name: 'measured_stamp', type: 'varchar', length: 255, nullable: true })
  measuredStamp!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' })
  updatedAt!: Date;
}
