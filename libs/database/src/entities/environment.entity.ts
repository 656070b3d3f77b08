import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from './account.entity';

/**
 * What the dashboard knows about a virtualenv beyond the filesystem: its build status and its latest job (for the
 * log). The environments themselves are the directories in ~/.virtualenvs; one made with mkvirtualenv has no row
 * until the dashboard acts on it.
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

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' })
  updatedAt!: Date;
}
