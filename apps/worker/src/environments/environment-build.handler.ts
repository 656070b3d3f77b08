import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { JobName, JobPayload } from '@panel/contracts';
import { EnvironmentEntity } from '@panel/database';
import { lstatNoFollow, resolveHomePath, WORKON_DIR } from '@panel/home-fs';
import { Repository } from 'typeorm';
import { AccountWorkspaces, workspaceHomeFs } from '../accounts/account-workspace';
import { HandlesJob, JobContext, JobFailure, JobHandler } from '../jobs/job-handler';
import { BUILD_SCRIPT, EnvironmentPip, removeVenv, venvPaths } from './environment-pip';

/** Where virtualenv keeps the wheels and unpacked seed packages it makes every environment from (platformdirs). */
const VIRTUALENV_APP_DATA = '.local/share/virtualenv';

/** Builds are atomic: whatever goes wrong (pip, cancel, time limit), nothing stays under the requested name. */
@Injectable()
@HandlesJob(JobName.EnvironmentBuild)
export class EnvironmentBuildHandler implements JobHandler<JobName.EnvironmentBuild> {
  constructor(
    private readonly workspaces: AccountWorkspaces,
    private readonly pip: EnvironmentPip,
    @InjectRepository(EnvironmentEntity) private readonly environments: Repository<EnvironmentEntity>,
  ) {}

  async handle(payload: JobPayload<JobName.EnvironmentBuild>, context: JobContext): Promise<void> {
    const workspace = await this.workspaces.forAccount(payload.accountId);
    const venv = venvPaths(workspace, payload.name);
    await resolveHomePath(workspace.hostHome, workspace.account.username, `${WORKON_DIR}/${payload.name}`);
    if (context.resumed && (await this.leftByThisJob(payload, context))) {
      // The folder is this job's own dead attempt: half a virtualenv, removed before building again.
      await context.log(`[panel] removing the half-built ~/${WORKON_DIR}/${payload.name}\n`);
      await removeVenv(workspace, payload.name);
      // The cache virtualenv seeds pip from may be half filled too: the next build (any of the account's) fills it again.
      await (await workspaceHomeFs(workspace)).removeIf(VIRTUALENV_APP_DATA, 'directory');
    }
    if ((await lstatNoFollow(venv.onHost)) !== null) {
      await this.setStatus(payload, 'failed');
      throw new JobFailure(`An environment named "${payload.name}" already exists.`);
    }
    let succeeded = false;
    try {
      const { code, pip } = await this.pip.run(
        workspace,
        payload.pythonVersion,
        venv.onHost,
        BUILD_SCRIPT,
        {
          PANEL_VENV: venv.inContainer,
          PANEL_PYTHON: payload.pythonVersion,
          PANEL_REQUIREMENTS: payload.requirements,
          // virtualenv seeds pip from its cache in the home (~/.local/share/virtualenv); a build killed while filling
          // it leaves half a pip there, so a retry seeds from a cache of its own in the container.
          ...(context.resumed ? { VIRTUALENV_APP_DATA: '/tmp/panel-virtualenv-app-data' } : {}),
        },
        context,
      );
      if (code !== 0) throw new JobFailure(`The build failed: ${pip.failureReason() ?? `the build exited with status ${code}`}`);
      succeeded = true;
      await this.setStatus(payload, 'ready');
    } finally {
      if (!succeeded) {
        await removeVenv(workspace, payload.name);
        await this.setStatus(payload, 'failed');
      }
    }
  }

  async abandon(payload: JobPayload<JobName.EnvironmentBuild>, context: JobContext): Promise<void> {
    if (!(await this.leftByThisJob(payload, context))) return;
    await removeVenv(await this.workspaces.forAccount(payload.accountId), payload.name);
    await this.setStatus(payload, 'failed');
  }

  /** Whether the environment's row says this job builds it (so whatever is at its path came from this job). */
  private async leftByThisJob(payload: { accountId: number; name: string }, context: JobContext) {
    const row = await this.environments.findOneBy({ accountId: payload.accountId, name: payload.name });
    return row?.status === 'building' && row.lastJobId === context.jobId;
  }

  private setStatus(payload: { accountId: number; name: string }, status: 'ready' | 'failed') {
    return this.environments.update({ accountId: payload.accountId, name: payload.name }, { status });
  }
}
