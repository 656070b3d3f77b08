import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AccountRole } from '@panel/contracts';

@Entity('accounts')
export class AccountEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 30, unique: true })
  username!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'enum', enum: ['user', 'admin'], default: 'user' })
  role!: AccountRole;

  /** The Unix uid the account's files and containers use (uid base + id, fixed at creation). */
  @Column({ type: 'int', unique: true, nullable: true })
  uid!: number | null;

  /** The node its consoles and web apps run on, chosen at its first placement (null until then). */
  @Column({ name: 'home_node_id', type: 'varchar', length: 64, nullable: true })
  homeNodeId!: string | null;

  /** Set while an operator has disabled the account: it cannot sign in, its sessions and tokens are refused. */
  @Column({ name: 'disabled_at', type: 'datetime', precision: 3, nullable: true })
  disabledAt!: Date | null;

  /** The web apps that were enabled when the account was disabled: enabling the account starts exactly these again. */
  @Column({ name: 'suspended_webapp_ids', type: 'json', nullable: true })
  suspendedWebappIds!: number[] | null;

  /**
   * The account's Python defaults, as PythonAnywhere's API sets them (null: the platform's DEFAULT_PYTHON_VERSION):
   * `python` and `python3` in new consoles and scheduled/always-on `.py` tasks without a virtualenv, and the Files
   * tab's "Save and run".
   */
  @Column({ name: 'default_python_version', type: 'varchar', length: 8, nullable: true })
  defaultPythonVersion!: string | null;

  @Column({ name: 'default_python3_version', type: 'varchar', length: 8, nullable: true })
  defaultPython3Version!: string | null;

  @Column({ name: 'default_save_and_run_python_version', type: 'varchar', length: 8, nullable: true })
  defaultSaveAndRunPythonVersion!: string | null;

  /** The system image chosen through PythonAnywhere's API (null: the platform's only one, SYSTEM_IMAGES[0]). */
  @Column({ name: 'system_image', type: 'varchar', length: 40, nullable: true })
  systemImage!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' })
  updatedAt!: Date;
}
