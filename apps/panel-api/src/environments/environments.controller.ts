import { Controller, Delete, Get, HttpCode, Param, PipeTransform, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreatedEnvironmentView,
  CreateEnvironmentRequest,
  EnvironmentFreezeView,
  EnvironmentView,
  environmentNameSchema,
  InstallPackagesRequest,
  JobView,
  UninstallPackagesRequest,
} from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { toJobView } from '@panel/jobs';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodResponse, ZodValidationPipe } from '../common/zod';
import { EnvironmentsService } from './environments.service';

const EnvironmentName: PipeTransform = new ZodValidationPipe(environmentNameSchema);

@ApiTags('environments')
@Controller('api/environments')
export class EnvironmentsController {
  constructor(private readonly environments: EnvironmentsService) {}

  @Get()
  @ZodResponse(200, z.array(EnvironmentView))
  list(@CurrentAccount() account: AccountEntity) {
    return this.environments.list(account);
  }

  /** Starts a build job; watch it at /api/jobs/{job.id}/events. */
  @Post()
  @ZodResponse(201, CreatedEnvironmentView)
  async create(@CurrentAccount() account: AccountEntity, @ZodBody(CreateEnvironmentRequest) body: CreateEnvironmentRequest): Promise<CreatedEnvironmentView> {
    const { environment, job } = await this.environments.create(account, body);
    return { environment, job: toJobView(job) };
  }

  @Get(':name')
  @ZodResponse(200, EnvironmentView)
  get(@CurrentAccount() account: AccountEntity, @Param('name', EnvironmentName) name: string) {
    return this.environments.get(account, name);
  }

  @Get(':name/freeze')
  @ZodResponse(200, EnvironmentFreezeView)
  freeze(@CurrentAccount() account: AccountEntity, @Param('name', EnvironmentName) name: string) {
    return this.environments.freeze(account, name);
  }

  @Get(':name/jobs')
  @ZodResponse(200, z.array(JobView))
  async history(@CurrentAccount() account: AccountEntity, @Param('name', EnvironmentName) name: string) {
    return (await this.environments.history(account, name)).map(toJobView);
  }

  @Post(':name/packages')
  @ZodResponse(201, JobView)
  async install(@CurrentAccount() account: AccountEntity, @Param('name', EnvironmentName) name: string, @ZodBody(InstallPackagesRequest) body: InstallPackagesRequest) {
    return toJobView(await this.environments.install(account, name, body.packages));
  }

  @Post(':name/uninstall')
  @ZodResponse(201, JobView)
  async uninstall(@CurrentAccount() account: AccountEntity, @Param('name', EnvironmentName) name: string, @ZodBody(UninstallPackagesRequest) body: UninstallPackagesRequest) {
    return toJobView(await this.environments.uninstall(account, name, body.packages));
  }

  @Delete(':name')
  @HttpCode(204)
  delete(@CurrentAccount() account: AccountEntity, @Param('name', EnvironmentName) name: string) {
    return this.environments.delete(account, name);
  }
}
