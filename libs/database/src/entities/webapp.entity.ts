import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WebAppStatus } from '@panel/contracts';
import { AccountEntity } from './account.entity';
import { StaticFileEntity } from './static-file.entity';

/**
 * A web app: a domain bound to code (source directory, WSGI file), a Python version and an optional virtualenv,
 * served by containers on one node. Paths are stored as the user sees them in containers (/home/<username>/...).
 */
@Entity('webapps')
export class WebAppEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ name: 'account_id', type: 'int' })
  accountId!: number;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column({ type: 'varchar', length: 253, unique: true })
  domain!: string;

  /**
   * When the domain was shown to be the account's: its own name under the apps domain and the operator's allow-list
   * count at once, other domains once DNS shows it (see the web apps' domain verification). Only verified domains route.
   */
  @Column({ name: 'domain_verified_at', type: 'datetime', precision: 3, nullable: true })
  domainVerifiedAt!: Date | null;

  /** The value the TXT record `_panel-verify.<domain>` must hold to prove the domain is the account's. */
  @Column({ name: 'domain_verification_token', type: 'varchar', length: 64, nullable: true })
  domainVerificationToken!: string | null;

  @Column({ name: 'python_version', type: 'varchar', length: 8 })
  pythonVersion!: string;

  @Column({ name: 'source_directory', type: 'varchar', length: 1024 })
  sourceDirectory!: string;

  @Column({ name: 'working_directory', type: 'varchar', length: 1024 })
  workingDirectory!: string;

  @Column({ name: 'virtualenv_path', type: 'varchar', length: 1024, nullable: true })
  virtualenvPath!: string | null;

  /**
   * A website (PythonAnywhere's API v1): the command that serves the domain on $DOMAIN_SOCKET, run by bash in the
   * account's container instead of the platform's gunicorn and WSGI file. Null for a WSGI web app.
   */
  @Column({ type: 'text', nullable: true })
  command!: string | null;

  @Column({ type: 'tinyint', default: 1 })
  workers!: number;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'force_https', type: 'boolean', default: false })
  forceHttps!: boolean;

  @Column({ name: 'password_protection_enabled', type: 'boolean', default: false })
  passwordProtectionEnabled!: boolean;

  @Column({ name: 'password_protection_username', type: 'varchar', length: 100, nullable: true })
  passwordProtectionUsername!: string | null;

  /** bcrypt, as Caddy's basic auth wants it. */
  @Column({ name: 'password_protection_hash', type: 'varchar', length: 100, nullable: true })
  passwordProtectionHash!: string | null;

  @Column({ name: 'run_migrations_on_reload', type: 'boolean', default: false })
  runMigrationsOnReload!: boolean;

  @Column({ type: 'enum', enum: ['running', 'stopped', 'reloading', 'error', 'disabled'], default: 'stopped' })
  status!: WebAppStatus;

  /** The node whose worker runs the app's containers and routes its domain. */
  @Column({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId!: string;

  /**
   * Fencing: raised whenever the app's placement changes (a move, a failover). Whoever acts for an older placement
   * finds its conditional updates match nothing and changes no row.
   */
  @Column({ name: 'placement_epoch', type: 'int', default: 1 })
  placementEpoch!: number;

  /** During a move: the node starting the app; the edge still routes to node_id until it answers there. */
  @Column({ name: 'moving_to_node_id', type: 'varchar', length: 64, nullable: true })
  movingToNodeId!: string | null;

  /** After a move: the node the app left, which keeps serving what the edge still sends it until it releases the app. */
  @Column({ name: 'leaving_node_id', type: 'varchar', length: 64, nullable: true })
  leavingNodeId!: string | null;

  /** host:port of the container serving now, as Caddy dials it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  upstream!: string | null;

  @Column({ name: 'container_id', type: 'varchar', length: 64, nullable: true })
  containerId!: string | null;

  @Column({ name: 'last_reload_job_id', type: 'char', length: 36, nullable: true })
  lastReloadJobId!: string | null;

  @Column({ name: 'last_reload_error', type: 'text', nullable: true })
  lastReloadError!: string | null;

  @Column({ name: 'last_reloaded_at', type: 'datetime', precision: 3, nullable: true })
  lastReloadedAt!: Date | null;

  @OneToMany(() => StaticFileEntity, (s) => s.webapp)
  staticFiles?: StaticFileEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' })
  updatedAt!: Date;
}
