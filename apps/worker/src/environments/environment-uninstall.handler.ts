import { Injectable } from '@nestjs/common';
import { JobName } from '@panel/contracts';
import { HandlesJob } from '../jobs/job-handler';
import { PackageJobHandler, UNINSTALL_SCRIPT } from './environment-pip';

@Injectable()
@HandlesJob(JobName.EnvironmentUninstall)
export class EnvironmentUninstallHandler extends PackageJobHandler<JobName.EnvironmentUninstall> {
  protected readonly script = UNINSTALL_SCRIPT;
  protected readonly verb = 'Uninstalling';
}
