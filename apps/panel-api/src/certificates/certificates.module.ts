import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebAppCertificateEntity } from '@panel/database';
import { WebAppsModule } from '../webapps/webapps.module';
import { PythonAnywhereSslController } from './pythonanywhere-ssl.controller';
import { WebAppCertificatesService } from './webapp-certificates.service';

/** Web apps' TLS certificates (PythonAnywhere's webapps/{domain}/ssl/). */
@Module({
  imports: [TypeOrmModule.forFeature([WebAppCertificateEntity]), WebAppsModule],
  controllers: [PythonAnywhereSslController],
  providers: [WebAppCertificatesService],
})
export class CertificatesModule {}
