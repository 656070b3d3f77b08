import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { PythonVersion, runtimeImageFor } from '@panel/contracts';
import { PANEL_CONFIG } from '@panel/nest';
import { NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';
import { JobContext, JobFailure } from '../jobs/job-handler';
import type { AccountWorkspace } from './account-workspace';

export interface ScriptRun {
  workspace: AccountWorkspace;
  pythonVersion: PythonVersion;
  /** A bash script; values go in through env, never spliced into the script. */
  script: string;
  env?: Record<string, string>;
  context: JobContext;
  timeoutMs?: number;
  onOutput?: (text: string) => void;
  /** More bind mounts, e.g. the platform's Python helpers (read-only). */
  extraBinds?: string[];
}

/** Runs a bash script in a one-off container of a Python runtime image, as the account, logging to the job. */
@Injectable()
export class AccountContainers {
  constructor(
    @Inject(NODE_RUNTIME) private readonly runtime: NodeRuntime,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async assertImage(pythonVersion: PythonVersion): Promise<string> {
    const image = runtimeImageFor(pythonVersion);
    if (!(await this.runtime.hasImage(image))) {
      throw new JobFailure(
        `The Python ${pythonVersion} runtime image (${image}) is not built on node ${this.config.nodeId}. ` +
          `An operator builds it with: bash runtime-images/build.sh ${pythonVersion}`,
      );
    }
    return image;
  }

  async runScript(run: ScriptRun): Promise<number> {
    const image = await this.assertImage(run.pythonVersion);
    const { workspace, context } = run;
    return this.runtime.runToCompletion({
      owner: { kind: 'job', accountId: workspace.account.id, username: workspace.account.username, jobId: context.jobId, purpose: context.jobName },
      image,
      cmd: ['bash', '-c', run.script],
      user: workspace.user,
      env: { ...workspace.env, ...run.env },
      workingDir: workspace.homeInContainer,
      binds: [...workspace.binds, ...(run.extraBinds ?? [])],
      timeoutMs: run.timeoutMs ?? this.config.jobs.timeoutSeconds * 1000,
      signal: context.signal,
      onOutput: async (text) => {
        run.onOutput?.(text);
        await context.log(text);
      },
    });
  }
}
