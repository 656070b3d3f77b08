import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A setting an operator changes at run time on the Admin page (e.g. sign-up on or off); it overrides the environment's. */
@Entity('platform_settings')
export class PlatformSettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'json' })
  value!: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' })
  updatedAt!: Date;
}
