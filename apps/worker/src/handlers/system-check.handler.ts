import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { JobName, JobPayload, runtimeImageFor } from '@panel/contracts';
import { PANEL_CONFIG } from '@panel/nest';
import { AccountWorkspaces } from '../accounts/account-workspace';
import { DockerService } from '../docker/docker.service';
import { HandlesJob, JobContext, JobFailure, JobHandler } from '../jobs/job-handler';

const CHECK_SCRIPT = `
echo "user: $(id)"
echo "home: $HOME ($(stat -c '%U:%G %a' "$HOME" 2>/dev/null || stat -c '%u:%g %a' "$HOME"))"
python3 --version
pip --version
touch "$HOME/.panel-system-check" && rm "$HOME/.panel-system-check" && echo "home is writable"
echo "system check passed"
`;

/** Proves the pipeline: a container from the runtime image, as the account, home mounted, output streamed. */
@Injectable()
@HandlesJob(JobName.SystemCheck)
export class SystemCheckHandler implements JobHandler<JobName.SystemCheck> {
  constructor(
    private readonly docker: DockerService,
    private readonly workspaces: AccountWorkspaces,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async handle(payload: JobPayload<JobName.SystemCheck>, context: JobContext): Promise<void> {
    const workspace = await this.workspaces.forAccount(payload.accountId);
    const image = runtimeImageFor(payload.pythonVersion);
    if (!(await this.docker.imageExists(image))) {
      throw new JobFailure(
        `The Python ${payload.pythonVersion} runtime image (${image}) is not built on node ${this.config.nodeId}. ` +
          `An operator builds it with: bash runtime-images/build.sh ${payload.pythonVersion}`,
      );
    }
    await context.log(`[panel] system check on node ${this.config.nodeId}, image ${image}, uid ${workspace.account.uid}\n`);
    const exitCode = await this.docker.runOneOff({
      image,
      cmd: ['bash', '-c', CHECK_SCRIPT],
      user: workspace.user,
      env: workspace.env,
      workingDir: workspace.homeInContainer,
      binds: workspace.binds,
      labels: { 'panel.account': workspace.account.username, 'panel.job': context.jobId },
      timeoutMs: 120_000,
      signal: context.signal,
      onOutput: (text) => context.log(text),
    });
    if (exitCode !== 0) throw new JobFailure(`The system check exited with status ${exitCode}.`);
  }
}
