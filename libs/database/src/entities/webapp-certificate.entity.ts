import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { WebAppEntity } from './webapp.entity';

/**
 * The TLS certificate and private key an account installed for a web app's domain (PythonAnywhere's
 * webapps/{domain}/ssl/). The key is kept only here: no API answer carries it. Deleted with the web app.
 */
@Entity('webapp_certificates')
export class WebAppCertificateEntity {
  @PrimaryColumn({ name: 'webapp_id', type: 'int' })
  webappId!: number;

  @OneToOne(() => WebAppEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webapp_id' })
  webapp?: WebAppEntity;

  /** The PEM chain as sent (leaf first). */
  @Column({ name: 'cert_pem', type: 'mediumtext' })
  certPem!: string;

  @Column({ name: 'private_key_pem', type: 'text', select: false })
  privateKeyPem!: string;

  @Column({ name: 'not_after', type: 'datetime' })
  notAfter!: Date;

  @Column({ name: 'issuer_name', type: 'varchar', length: 1024 })
  issuerName!: string;

  @Column({ name: 'subject_name', type: 'varchar', length: 1024 })
  subjectName!: string;

  @Column({ name: 'subject_alternate_names', type: 'json' })
  subjectAlternateNames!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;
}
