import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AccountEntity } from '@panel/database';
import { WebAppCertificateEntity } from '@panel/database';
import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import type { Repository } from 'typeorm';
import { WebAppsService } from '../webapps/webapps.service';

const MAX_PEM = 64 * 1024;

/** What PythonAnywhere's GET webapps/{domain}/ssl/ answers (its client parses not_after as a date). */
export interface CertificateInfo {
  not_after: string;
  issuer_name: string;
  subject_name: string;
  subject_alternate_names: string[];
  certificate_type: 'manual';
}

/** "CN=example.com, O=..." from Node's multi-line distinguished name. */
const oneLine = (dn: string) => dn.split('\n').filter(Boolean).join(', ');
const altNames = (cert: X509Certificate) =>
  (cert.subjectAltName ?? '')
    .split(', ')
    .filter((n) => n.startsWith('DNS:'))
    .map((n) => n.slice(4));

/**
 * Certificates installed for web apps' domains: validated with node:crypto (a PEM certificate and private key that
 * match, a certificate that covers the domain and has not expired), stored with the key never answered back.
 */
@Injectable()
export class WebAppCertificatesService {
  constructor(
    private readonly webapps: WebAppsService,
    @InjectRepository(WebAppCertificateEntity) private readonly certificates: Repository<WebAppCertificateEntity>,
  ) {}

  private info(row: WebAppCertificateEntity): CertificateInfo {
    return {
      not_after: row.notAfter.toISOString(),
      issuer_name: row.issuerName,
      subject_name: row.subjectName,
      subject_alternate_names: row.subjectAlternateNames,
      certificate_type: 'manual',
    };
  }

  async get(account: AccountEntity, domain: string): Promise<CertificateInfo> {
    const app = await this.webapps.find(account, domain);
    const row = await this.certificates.findOneBy({ webappId: app.id });
    if (!row) throw new NotFoundException(`${app.domain} has no certificate installed: this platform serves it over HTTP until you POST one.`);
    return this.info(row);
  }

  async install(account: AccountEntity, domain: string, certPem: string, keyPem: string): Promise<CertificateInfo> {
    const app = await this.webapps.find(account, domain);
    if (certPem.length > MAX_PEM || keyPem.length > MAX_PEM) throw new BadRequestException('The certificate and the private key are at most 64 KiB each.');
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certPem);
    } catch {
      throw new BadRequestException('cert is not a PEM certificate ("-----BEGIN CERTIFICATE-----").');
    }
    let key: KeyObject;
    try {
      key = createPrivateKey(keyPem);
    } catch {
      throw new BadRequestException('private_key is not an unencrypted PEM private key ("-----BEGIN PRIVATE KEY-----").');
    }
    if (!cert.checkPrivateKey(key)) throw new BadRequestException('The private key does not match the certificate.');
    if (!cert.checkHost(app.domain)) throw new BadRequestException(`The certificate does not cover ${app.domain} (it is for ${altNames(cert).join(', ') || oneLine(cert.subject)}).`);
    const notAfter = new Date(cert.validTo);
    if (!(notAfter.getTime() > Date.now())) throw new BadRequestException(`The certificate expired on ${notAfter.toISOString()}.`);
    if (new Date(cert.validFrom).getTime() > Date.now()) throw new BadRequestException(`The certificate is not valid before ${new Date(cert.validFrom).toISOString()}.`);
    const row: WebAppCertificateEntity = {
      webappId: app.id,
      certPem,
      privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      notAfter,
      issuerName: oneLine(cert.issuer).slice(0, 1024),
      subjectName: oneLine(cert.subject).slice(0, 1024),
      subjectAlternateNames: altNames(cert),
      createdAt: new Date(),
    };
    await this.certificates.save(row);
    return this.info(row);
  }

  async remove(account: AccountEntity, domain: string): Promise<void> {
    const app = await this.webapps.find(account, domain);
    const { affected } = await this.certificates.delete({ webappId: app.id });
    if (!affected) throw new NotFoundException(`${app.domain} has no certificate installed.`);
  }
}
