import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { JobName, JobPayload, runtimeImageFor } from '@panel/contracts';
import { PANEL_CONFIG } from '@panel/nest';
import { AccountContainers } from '../accounts/account-containers';
import { AccountWorkspaces } from '../accounts/account-workspace';
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
    private readonly containers: AccountContainers,
    private readonly workspaces: AccountWorkspaces,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async handle(payload: JobPayload<JobName.SystemCheck>, context: JobContext): Promise<void> {
    const workspace = await this.workspaces.forAccount(payload.accountId);
    await this.containers.assertImage(payload.pythonVersion);
    await context.log(`[panel] system check on node ${this.config.nodeId}, image ${runtimeImageFor(payload.pythonVersion)}, uid ${workspace.account.uid}\n`);
    const exitCode = await this.containers.runScript({ workspace, pythonVersion: payload.pythonVersion, script: CHECK_SCRIPT, context, timeoutMs: 120_000 });
    if (exitCode !== 0) throw new JobFailure(`The system check exited with status ${exitCode}.`);
  }
}
