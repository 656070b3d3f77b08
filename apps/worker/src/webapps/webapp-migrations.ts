import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { PythonVersion, REVISION_READ_MARKER, RunMigrationRequest } from '@panel/contracts';
import { WebAppEntity } from '@panel/database';
import { accountFileExists, accountWebDirs, readAccountFile } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { join } from 'node:path';
import { z } from 'zod';
import { AccountContainers } from '../accounts/account-containers';
import { AccountWorkspace, workspaceHomeFs } from '../accounts/account-workspace';
import { JobContext, JobFailure } from '../jobs/job-handler';
import { describeMigrationFailure } from './migration-output';
import { wsgiHostPath } from './webapp-paths';
import { PLATFORM_PYTHON_DIR } from './webapp-runtime';

/** Runs Flask-Migrate in the web app's environment: its virtualenv (or the image's Python), source dir, uid. */
const PREAMBLE = `
set -uo pipefail
cd "$PANEL_SOURCE_DIR" || { echo "[panel] the source directory $PANEL_SOURCE_DIR does not exist"; exit 2; }
PY="\${PANEL_VENV:+$PANEL_VENV/bin/python}"; PY="\${PY:-python3}"
if [ -n "$PANEL_VENV" ]; then export VIRTUAL_ENV="$PANEL_VENV" PATH="$PANEL_VENV/bin:$PATH"; fi
export FLASK_APP="$PANEL_FLASK_APP"
export PYTHONPATH="/opt/panel-tools\${PYTHONPATH:+:$PYTHONPATH}"
flask() { "$PY" -m flask "$@"; }
# The database's revision read from its alembic_version table (panel_revision.py), printed as one marked JSON line.
print_current() { "$PY" -m panel_revision 2>/dev/null || echo '${REVISION_READ_MARKER} {"state":"error","revisions":[],"message":"The revision reader could not run in this environment (see the output above).","dialect":null,"database":null,"readAt":"'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'"}'; }
`;

const SCRIPTS: Record<RunMigrationRequest['action'], string> = {
  status: 'print_current',
  // "--" so that a relative step such as -1 is not read as an option.
  upgrade: 'echo "[panel] flask db upgrade $PANEL_REVISION"; flask db upgrade -- "$PANEL_REVISION"; code=$?; print_current; exit $code',
  downgrade: 'echo "[panel] flask db downgrade $PANEL_REVISION"; flask db downgrade -- "$PANEL_REVISION"; code=$?; print_current; exit $code',
  stamp: 'echo "[panel] flask db stamp $PANEL_REVISION"; flask db stamp -- "$PANEL_REVISION"; code=$?; print_current; exit $code',
  init: 'echo "[panel] flask db init"; flask db init; code=$?; print_current; exit $code',
  generate: `before=$(ls migrations/versions/*.py 2>/dev/null | sort)
echo "[panel] flask db migrate -m \\"$PANEL_MESSAGE\\""
flask db migrate -m "$PANEL_MESSAGE"; code=$?
for f in $(ls migrations/versions/*.py 2>/dev/null | sort); do
  if ! grep -qxF "$f" <<< "$before"; then echo "[panel] new migration $f, for review:"; echo "----"; cat "$f"; echo "----"; fi
done
print_current; exit $code`,
  // A custom command may change the revision (python manage.py db upgrade): the database is read again after it.
  custom: 'echo "[panel] $PANEL_COMMAND"; bash -c "$PANEL_COMMAND"; code=$?; print_current; exit $code',
  // The tutorial's trick as one action: generate the initial migration against an empty scratch database, stamp the
  // real one, and check that a further migrate finds nothing to do.
  adopt: `set -e
[ -d migrations ] || { echo "[panel] flask db init"; flask db init; }
export PANEL_USER_FLASK_APP="$FLASK_APP"
echo "[panel] creating a scratch database"
"$PY" -m panel_adopt create
"$PY" -c "import panel_adopt, sqlalchemy as sa; e = sa.create_engine(panel_adopt.scratch_url(__import__('os').environ['PANEL_REAL_DATABASE_URI'])); print('scratch ok', e.url.database)" || true
trap 'echo "[panel] dropping the scratch database"; FLASK_APP=panel_adopt "$PY" -m panel_adopt drop' EXIT
FLASK_APP=panel_adopt flask db upgrade
echo "[panel] generating the migration for what the code describes, against the empty scratch database"
FLASK_APP=panel_adopt flask db migrate -m "initial schema"
echo "[panel] flask db stamp head (the real database already has this schema)"
flask db stamp head
before=$(ls migrations/versions/*.py | sort)
echo "[panel] checking: flask db migrate should find no changes"
flask db migrate -m "check" 2>&1 | tee /tmp/check.log
for f in $(ls migrations/versions/*.py | sort); do
  if ! grep -qxF "$f" <<< "$before"; then rm -f "$f"; echo "[panel] the real database differs from the code: $f removed"; exit 3; fi
done
print_current`,
};

@Injectable()
export class WebAppMigrations {
  constructor(
    private readonly containers: AccountContainers,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /** FLASK_APP from the WSGI file's `from <module> import app`, as the tutorials write it. */
  async flaskAppOf(app: WebAppEntity, username: string): Promise<string> {
    const wsgi = (await readAccountFile(wsgiHostPath(accountWebDirs(this.config, username).www, app.domain)))?.text ?? '';
    return /^\s*from\s+([A-Za-z_][\w.]*)\s+import\s+app\b/m.exec(wsgi)?.[1] ?? 'flask_app';
  }

  async run(app: WebAppEntity, workspace: AccountWorkspace, request: z.output<typeof RunMigrationRequest>, context: JobContext): Promise<void> {
    const env: Record<string, string> = {
      PANEL_SOURCE_DIR: app.sourceDirectory,
      PANEL_VENV: app.virtualenvPath ?? '',
      PANEL_FLASK_APP: await this.flaskAppOf(app, workspace.account.username),
      PANEL_REVISION: 'revision' in request ? request.revision : '',
      PANEL_MESSAGE: request.action === 'generate' ? request.message : '',
      PANEL_COMMAND: request.action === 'custom' ? request.command : '',
      PANEL_REVISION_MARKER: REVISION_READ_MARKER,
    };
    let output = '';
    const code = await this.containers.runScript({
      workspace,
      pythonVersion: app.pythonVersion as PythonVersion,
      script: PREAMBLE + SCRIPTS[request.action],
      env,
      context,
      extraBinds: [`${PLATFORM_PYTHON_DIR}:/opt/panel-tools:ro`],
      onOutput: (text) => {
        output += text;
      },
    });
    if (code !== 0) {
      if (request.action === 'adopt' && code === 3) {
        throw new JobFailure('Adopting failed: the real database does not match what the code describes (a further migrate found changes). Nothing was kept.');
      }
      throw new JobFailure(describeMigrationFailure(output) ?? `The ${request.action} command exited with status ${code} (see the output above).`);
    }
  }

  async hasMigrations(app: WebAppEntity, workspace: AccountWorkspace): Promise<boolean> {
    // Symlinks inside the home are resolved as the container sees them; the read itself follows none.
    const migrations = await (await workspaceHomeFs(workspace)).hostPath(`${app.sourceDirectory}/migrations`).catch(() => null);
    return migrations !== null && accountFileExists(join(migrations, 'env.py'));
  }
}
