import { Injectable } from '@nestjs/common';
import { JobName, JobPayload, PYTHON_VERSIONS, PythonVersion } from '@panel/contracts';
import { installedDistributions, minorVersion, readPyvenvCfg, resolveHomePath, WORKON_DIR } from '@panel/home-fs';
import { basename, join } from 'node:path';
import { AccountContainers } from '../accounts/account-containers';
import { AccountWorkspace, AccountWorkspaces, workspaceHomeFs } from '../accounts/account-workspace';
import { JobContext, JobFailure, JobHandler } from '../jobs/job-handler';
import { EnvironmentMeasurements } from './environment-measurements';
import { PipOutputTracker } from './pip-output';

/**
 * Creates the virtualenv the way mkvirtualenv does (virtualenv, in ~/.virtualenvs, so workon finds it), then
 * installs the requirements from the image's wheelhouse. Values reach the script through the environment only.
 */
export const BUILD_SCRIPT = `
set -euo pipefail
mkdir -p "$HOME/${WORKON_DIR}"
echo "[panel] creating $PANEL_VENV with python$PANEL_PYTHON"
python3 -m virtualenv --quiet --python="python$PANEL_PYTHON" "$PANEL_VENV"
if [ -n "\${PANEL_REQUIREMENTS//[[:space:]]/}" ]; then
  printf '%s\\n' "$PANEL_REQUIREMENTS" > /tmp/requirements.txt
  echo "[panel] installing the requirements"
  "$PANEL_VENV/bin/pip" install --progress-bar off -r /tmp/requirements.txt
fi
echo "[panel] environment ready"
`;

export const INSTALL_SCRIPT = `
set -euo pipefail
mapfile -t packages <<< "$PANEL_PACKAGES"
"$PANEL_VENV/bin/pip" install --progress-bar off "\${packages[@]}"
`;

export const UNINSTALL_SCRIPT = `
set -euo pipefail
mapfile -t packages <<< "$PANEL_PACKAGES"
"$PANEL_VENV/bin/pip" uninstall --yes "\${packages[@]}"
`;

@Injectable()
export class EnvironmentPip {
  constructor(
    private readonly containers: AccountContainers,
    private readonly measurements: EnvironmentMeasurements,
  ) {}

  /**
   * Runs a pip script, reporting progress from pip's output and the environment's site-packages; then measures the
   * environment for the Environments tab, which serves what was stored.
   */
  async run(workspace: AccountWorkspace, pythonVersion: PythonVersion, hostVenv: string, script: string, env: Record<string, string>, context: JobContext) {
    const pip = new PipOutputTracker();
    let baseline: number | null = null;
    let last = '';
    const measure = async () => {
      // site-packages is only read once pip says what it installs: before that the count is not used.
      const count = pip.installingCount === null ? 0 : (await installedDistributions(hostVenv)).length;
      if (pip.installingCount !== null && baseline === null) baseline = count;
      const progress = pip.progress(baseline === null ? 0 : count - baseline);
      if (progress && JSON.stringify(progress) !== last) {
        last = JSON.stringify(progress);
        await context.progress(progress);
      }
    };
    // One report at a time, in order: a slow one from the timer must not land after the final one.
    let reporting = Promise.resolve();
    const report = () => (reporting = reporting.then(measure).catch(() => undefined));
    const timer = setInterval(() => void report(), 300);
    try {
      const onOutput = (text: string) => {
        const wasFinished = pip.isFinished;
        pip.feed(text);
        // The bar completes when pip says so, not at the next tick.
        if (pip.isFinished && !wasFinished) void report();
      };
      const code = await this.containers.runScript({ workspace, pythonVersion, script, env, context, onOutput });
      clearInterval(timer);
      await report();
      const cfg = await readPyvenvCfg(hostVenv);
      if (cfg) {
        await this.measurements
          .measure(workspace.account.id, { name: basename(hostVenv), hostPath: hostVenv, pythonVersion: cfg.version })
          .catch((error) => context.log(`[panel] could not measure the environment: ${(error as Error).message}\n`));
      }
      return { code, pip };
    } finally {
      clearInterval(timer);
    }
  }
}

export function venvPaths(workspace: AccountWorkspace, name: string) {
  return {
    inContainer: `${workspace.homeInContainer}/${WORKON_DIR}/${name}`,
    onHost: join(workspace.hostHome, WORKON_DIR, name),
  };
}

/** Removes what a failed build left, through HomeFs: never following a symlink the account swapped in meanwhile. */
export async function removeVenv(workspace: AccountWorkspace, name: string) {
  const home = await workspaceHomeFs(workspace);
  await home.removeIf(`${WORKON_DIR}/${name}`, 'directory');
}

/** What installing and uninstalling share: find the environment, check its Python, run pip on the packages. */
@Injectable()
export abstract class PackageJobHandler<N extends JobName.EnvironmentInstall | JobName.EnvironmentUninstall> implements JobHandler<N> {
  protected abstract readonly script: string;
  protected abstract readonly verb: string;

  constructor(
    private readonly workspaces: AccountWorkspaces,
    private readonly pip: EnvironmentPip,
  ) {}

  async handle(payload: JobPayload<N>, context: JobContext): Promise<void> {
    const workspace = await this.workspaces.forAccount(payload.accountId);
    const venv = venvPaths(workspace, payload.name);
    await resolveHomePath(workspace.hostHome, workspace.account.username, `${WORKON_DIR}/${payload.name}`);
    const cfg = await readPyvenvCfg(venv.onHost);
    if (!cfg) throw new JobFailure(`There is no environment named "${payload.name}".`);
    const version = minorVersion(cfg.version);
    if (!PYTHON_VERSIONS.includes(version as PythonVersion)) {
      throw new JobFailure(`The environment "${payload.name}" uses Python ${version ?? 'of an unknown version'}, which has no runtime image here (${PYTHON_VERSIONS.join(', ')}).`);
    }
    const { code, pip } = await this.pip.run(workspace, version as PythonVersion, venv.onHost, this.script, { PANEL_VENV: venv.inContainer, PANEL_PACKAGES: payload.packages.join('\n') }, context);
    if (code !== 0) throw new JobFailure(`${this.verb} failed: ${pip.failureReason() ?? `pip exited with status ${code}`}`);
  }
}

