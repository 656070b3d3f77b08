import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The one row that names this platform. Its random id goes on everything the platform makes outside its own
 * database (container labels and names), so two platforms sharing one Docker engine never see each other's
 * containers. Written by the migration that creates the table; never changed afterwards.
 */
@Entity('platform_instance')
export class PlatformInstanceEntity {
  @PrimaryColumn({ type: 'tinyint', unsigned: true })
  id!: number;

  @Column({ name: 'instance_id', type: 'char', length: 36 })
  instanceId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;
}
