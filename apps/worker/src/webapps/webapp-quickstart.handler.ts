import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { JobName, JobPayload, PythonVersion } from '@panel/contracts';
import { EnvironmentEntity, WebAppEntity } from '@panel/database';
import { minorVersion, readPyvenvCfg, WORKON_DIR } from '@panel/home-fs';
import { join } from 'node:path';
import { Repository } from 'typeorm';
import { AccountContainers } from '../accounts/account-containers';
import { AccountWorkspaces } from '../accounts/account-workspace';
import { EnvironmentBuildHandler } from '../environments/environment-build.handler';
import { HandlesJob, JobContext, JobFailure, JobHandler } from '../jobs/job-handler';
import { WebAppMigrations } from './webapp-migrations';
import { WebAppReloadHandler } from './webapp-reload.handler';

// The site's first user, inserted with its password already hashed (the password never reaches the job).
const ADD_USER_SCRIPT = `
set -euo pipefail
cd "$PANEL_SOURCE_DIR"
"$PANEL_VENV/bin/python" - <<'PY'
import os
from flask_app import app, db, User
with app.app_context():
    name = os.environ["PANEL_SITE_USER"]
    if User.query.filter_by(username=name).first() is None:
        db.session.add(User(username=name, password_hash=os.environ["PANEL_SITE_PASSWORD_HASH"]))
        db.session.commit()
        print("[panel] added the site user %s" % name)
PY
`;

/**
 * Sets up a template web app in one job: its virtualenv from the template's requirements, its database migrations,
 * its first user, then the first reload.
 */
@Injectable()
@HandlesJob(JobName.WebAppQuickstart)
export class WebAppQuickstartHandler implements JobHandler<JobName.WebAppQuickstart> {
  constructor(
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
    @InjectRepository(EnvironmentEntity) private readonly environments: Repository<EnvironmentEntity>,
    private readonly workspaces: AccountWorkspaces,
    private readonly containers: AccountContainers,
    private readonly environmentBuild: EnvironmentBuildHandler,
    private readonly reload: WebAppReloadHandler,
    private readonly migrations: WebAppMigrations,
  ) {}

  async handle(payload: JobPayload<JobName.WebAppQuickstart>, context: JobContext): Promise<void> {
    const app = await this.webapps.findOneBy({ id: payload.webappId, accountId: payload.accountId });
    if (!app) throw new JobFailure('The web app no longer exists.');
    const workspace = await this.workspaces.forAccount(payload.accountId);
    const venv = `${workspace.homeInContainer}/${WORKON_DIR}/${payload.environmentName}`;
    const existing = await readPyvenvCfg(join(workspace.hostHome, WORKON_DIR, payload.environmentName));
    if (existing) {
      if (minorVersion(existing.version) !== payload.pythonVersion) {
        throw new JobFailure(`The virtualenv ${venv} exists and uses Python ${minorVersion(existing.version)}, not ${payload.pythonVersion}.`);
      }
      await context.log(`[panel] using the existing virtualenv ${venv}\n`);
    } else {
      await context.log(`[panel] step 1: the virtualenv ${venv}\n`);
      await this.environments.upsert(
        { accountId: payload.accountId, name: payload.environmentName, pythonVersion: payload.pythonVersion, status: 'building', lastJobId: context.jobId },
        ['accountId', 'name'],
      );
      await this.environmentBuild.handle(
        { accountId: payload.accountId, username: payload.username, name: payload.environmentName, pythonVersion: payload.pythonVersion, requirements: payload.requirements },
        context,
      );
    }
    await this.webapps.update({ id: app.id }, { virtualenvPath: venv });

    const env = { PANEL_SOURCE_DIR: app.sourceDirectory, PANEL_VENV: venv };
    const version = payload.pythonVersion as PythonVersion;
    if (payload.runMigrations) {
      await context.log('[panel] step 2: database migrations\n');
      await this.migrations.run({ ...app, virtualenvPath: venv } as WebAppEntity, workspace, { action: 'upgrade', revision: 'head' }, context);
    }
    if (payload.initialUser) {
      const code = await this.containers.runScript({
        workspace,
        pythonVersion: version,
        script: ADD_USER_SCRIPT,
        env: { ...env, PANEL_SITE_USER: payload.initialUser.username, PANEL_SITE_PASSWORD_HASH: payload.initialUser.passwordHash },
        context,
      });
      if (code !== 0) throw new JobFailure('Adding the site user failed (see the output above).');
    }
    await context.log('[panel] step 3: the first reload\n');
    await this.reload.handle({ accountId: payload.accountId, username: payload.username, webappId: app.id }, context);
  }
}
