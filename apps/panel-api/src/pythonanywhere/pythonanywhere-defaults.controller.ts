import { BadRequestException, Controller, Get, Patch } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiTags } from '@nestjs/swagger';
import { accountPythonVersion, PYTHON_VERSIONS, pythonVersionInputSchema, SYSTEM_IMAGES, type PythonDefaultKind } from '@panel/contracts';
import { AccountEntity } from '@panel/database';
import type { Repository } from 'typeorm';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody } from '../common/zod';
import { OwnAccount } from './own-account.guard';

/** A version as PythonAnywhere's clients send it ("3.11", "python3.11", "python311"); another is a 400 naming those we have. */
const versionField = (field: string) =>
  z.object({ [field]: z.string({ error: `Send ${field}, one of: ${PYTHON_VERSIONS.join(', ')}.` }).pipe(pythonVersionInputSchema) });
const PaDefaultPython = versionField('default_python_version');
const PaDefaultPython3 = versionField('default_python3_version');
const PaDefaultSaveAndRun = versionField('default_save_and_run_python_version');
const PaSystemImage = z.object({ system_image: z.string({ error: `Send system_image: one of ${SYSTEM_IMAGES.join(', ')}.` }).trim() });

const COLUMNS = {
  python: 'defaultPythonVersion',
  python3: 'defaultPython3Version',
  save_and_run: 'defaultSaveAndRunPythonVersion',
} as const satisfies Record<PythonDefaultKind, keyof AccountEntity>;

/**
 * PythonAnywhere's per-account defaults: the Python that `python` and `python3` start in new consoles and that runs
 * scheduled and always-on `.py` tasks without a virtualenv, the one the Files tab's "Save and run" uses, and the
 * system image (this platform has one). JSON or form bodies, as PythonAnywhere takes them.
 */
@ApiTags('pythonanywhere')
@OwnAccount()
@Controller('api/v0/user/:username')
export class PythonAnywhereDefaultsController {
  constructor(@InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>) {}

  private async setVersion(account: AccountEntity, kind: PythonDefaultKind, version: string) {
    await this.accounts.update({ id: account.id }, { [COLUMNS[kind]]: version });
    account[COLUMNS[kind]] = version;
  }

  @Get('default_python_version')
  getPython(@CurrentAccount() account: AccountEntity) {
    return { default_python_version: accountPythonVersion(account, 'python'), available_python_versions: [...PYTHON_VERSIONS] };
  }

  @Patch('default_python_version')
  async setPython(@CurrentAccount() account: AccountEntity, @ZodBody(PaDefaultPython) body: Record<string, string>) {
    await this.setVersion(account, 'python', body.default_python_version);
    return this.getPython(account);
  }

  @Get('default_python3_version')
  getPython3(@CurrentAccount() account: AccountEntity) {
    return { default_python3_version: accountPythonVersion(account, 'python3'), available_python3_versions: [...PYTHON_VERSIONS] };
  }

  @Patch('default_python3_version')
  async setPython3(@CurrentAccount() account: AccountEntity, @ZodBody(PaDefaultPython3) body: Record<string, string>) {
    await this.setVersion(account, 'python3', body.default_python3_version);
    return this.getPython3(account);
  }

  @Get('default_save_and_run_python_version')
  getSaveAndRun(@CurrentAccount() account: AccountEntity) {
    return { default_save_and_run_python_version: accountPythonVersion(account, 'save_and_run'), available_python_versions: [...PYTHON_VERSIONS] };
  }

  @Patch('default_save_and_run_python_version')
  async setSaveAndRun(@CurrentAccount() account: AccountEntity, @ZodBody(PaDefaultSaveAndRun) body: Record<string, string>) {
    await this.setVersion(account, 'save_and_run', body.default_save_and_run_python_version);
    return this.getSaveAndRun(account);
  }

  @Get('system_image')
  getSystemImage(@CurrentAccount() account: AccountEntity) {
    const current = account.systemImage && (SYSTEM_IMAGES as readonly string[]).includes(account.systemImage) ? account.systemImage : SYSTEM_IMAGES[0];
    return { system_image: current, available_system_images: [...SYSTEM_IMAGES] };
  }

  @Patch('system_image')
  async setSystemImage(@CurrentAccount() account: AccountEntity, @ZodBody(PaSystemImage) body: z.infer<typeof PaSystemImage>) {
    if (!(SYSTEM_IMAGES as readonly string[]).includes(body.system_image)) {
      throw new BadRequestException(`There is no system image "${body.system_image.slice(0, 60)}" here: choose one of ${SYSTEM_IMAGES.join(', ')}.`);
    }
    await this.accounts.update({ id: account.id }, { systemImage: body.system_image });
    account.systemImage = body.system_image;
    return this.getSystemImage(account);
  }
}
