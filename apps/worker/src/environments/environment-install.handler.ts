import { Injectable } from '@nestjs/common';
import { JobName } from '@panel/contracts';
import { HandlesJob } from '../jobs/job-handler';
import { INSTALL_SCRIPT, PackageJobHandler } from './environment-pip';

@Injectable()
@HandlesJob(JobName.EnvironmentInstall)
export class EnvironmentInstallHandler extends PackageJobHandler<JobName.EnvironmentInstall> {
  protected readonly script = INSTALL_SCRIPT;
  protected readonly verb = 'Installing';
}
