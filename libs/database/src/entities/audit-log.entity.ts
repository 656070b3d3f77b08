import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One operator action (create, disable, reset a password, change a setting ...): what the Admin page's audit log shows. */
@Entity('audit_log')
@Index(['createdAt'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Who did it, by id and by name (the name stays readable after the account is gone). */
  @Column({ name: 'actor_id', type: 'int', nullable: true })
  actorId!: number | null;

  @Column({ name: 'actor_username', type: 'varchar', length: 30 })
  actorUsername!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** The account acted on, when there is one. */
  @Column({ name: 'target_username', type: 'varchar', length: 30, nullable: true })
  targetUsername!: string | null;

  /** What changed, in words ("role user → admin"); never a password. */
  @Column({ type: 'varchar', length: 500, default: '' })
  detail!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;
}
