import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';

/**
 * A file of an account's home shared by link (PythonAnywhere's files/sharing/): anyone with the unguessable token
 * reads the file as it is at that moment, through the no-follow layer; deleting the row revokes the link.
 */
@Entity('file_shares')
@Index('UQ_file_shares_account_path', ['accountId', 'pathHash'], { unique: true })
export class FileShareEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId!: number;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  /** The absolute path as the account sees it (/home/<username>/...), canonical. */
  @Column({ type: 'varchar', length: 4096 })
  path!: string;

  /** sha256 of path (hex), for the one-share-per-path index. */
  @Column({ name: 'path_hash', type: 'char', length: 64 })
  pathHash!: string;

  /** 32 base64url characters of randomBytes(24): the link's secret. */
  @Index('UQ_file_shares_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  token!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;
}
