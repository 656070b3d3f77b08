import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AccountEntity } from '@panel/database';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody } from '../common/zod';
import { OwnAccount } from '../pythonanywhere/own-account.guard';
import { WebAppCertificatesService } from './webapp-certificates.service';

const PaInstallCertificate = z.object({
  cert: z.string({ error: 'Send cert: the PEM certificate (chain), leaf first.' }).min(1, { error: 'Send cert: the PEM certificate (chain), leaf first.' }),
  private_key: z.string({ error: 'Send private_key: the PEM private key.' }).min(1, { error: 'Send private_key: the PEM private key.' }),
});

/**
 * PythonAnywhere's webapps/{domain}/ssl/: GET the installed certificate's not_after, issuer_name, subject_name and
 * subject_alternate_names; POST {cert, private_key} installs them after validation (a 400 says what is wrong);
 * DELETE removes them. The private key is never answered.
 */
@ApiTags('pythonanywhere')
@OwnAccount()
@Controller('api/v0/user/:username/webapps/:domain/ssl')
export class PythonAnywhereSslController {
  constructor(private readonly certificates: WebAppCertificatesService) {}

  @Get()
  get(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    return this.certificates.get(account, domain);
  }

  @Post()
  @HttpCode(200)
  install(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string, @ZodBody(PaInstallCertificate) body: z.infer<typeof PaInstallCertificate>) {
    return this.certificates.install(account, domain, body.cert, body.private_key);
  }

  @Delete()
  @HttpCode(204)
  async remove(@CurrentAccount() account: AccountEntity, @Param('domain') domain: string) {
    await this.certificates.remove(account, domain);
  }
}
