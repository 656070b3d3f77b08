import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { WebAppEntity } from './webapp.entity';

/** A static file mapping of a web app: URL prefix -> directory in the home (as seen in containers). */
@Entity('static_files')
export class StaticFileEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ name: 'webapp_id', type: 'int' })
  webappId!: number;

  @ManyToOne('WebAppEntity', 'staticFiles', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webapp_id' })
  webapp?: WebAppEntity;

  @Column({ type: 'varchar', length: 255 })
  url!: string;

  @Column({ type: 'varchar', length: 1024 })
  path!: string;
}
