import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { DATABASE_ENGINE_LABELS, DatabaseEngine, DEFAULT_PYTHON_VERSION, JobName, JobPayload } from '@panel/contracts';
import { databaseUploadPath } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import { lstat, rm } from 'node:fs/promises';
import { AccountContainers } from '../accounts/account-containers';
import { AccountWorkspace, AccountWorkspaces, workspaceHomeFs } from '../accounts/account-workspace';
import { HandlesJob, JobContext, JobFailure, JobHandler } from '../jobs/job-handler';
import { clientProblem, restoreFailure } from './restore-errors';

/** Where the uploaded .sql file appears in the restore job's container (read-only). */
const RESTORE_FILE = '/tmp/panel-restore.sql';
const OUTPUT_KEPT = 64 * 1024;

/*
 * The scripts run in a one-off container as the account, with the account's own credentials: ~/.my.cnf for the
 * MySQL clients (--defaults-file), ~/.pgpass for the PostgreSQL ones (libpq reads it). No password is in a
 * payload, an environment variable, a command line or the log. Values arrive through the environment only.
 */
const CREDENTIALS_CHECK = `
if [ "$PANEL_ENGINE" = mysql ]; then
  if [ ! -f "$HOME/.my.cnf" ]; then
    echo "[panel] problem: ~/.my.cnf is missing. Set your MySQL password again on the Databases tab to write it." >&2; exit 3
  fi
elif [ ! -f "$HOME/.pgpass" ]; then
  echo "[panel] problem: ~/.pgpass is missing. Set your PostgreSQL password again on the Databases tab to write it." >&2; exit 3
fi
`;

const DUMP_SCRIPT = `
set -uo pipefail
${CREDENTIALS_CHECK}
mkdir -p "$HOME/.dumps" || exit 3
out="$HOME/$PANEL_FILE"
tmp="$out.partial"
rm -f "$tmp"
if [ "$PANEL_ENGINE" = mysql ]; then
  echo "[panel] dumping $PANEL_DATABASE with mysqldump (credentials from ~/.my.cnf)"
  mysqldump --defaults-file="$HOME/.my.cnf" --single-transaction --routines --triggers --no-tablespaces \\
    --result-file="$tmp" "$PANEL_DATABASE" &
else
  echo "[panel] dumping $PANEL_DATABASE with pg_dump (credentials from ~/.pgpass)"
  pg_dump --no-owner --no-privileges --file="$tmp" &
fi
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  sleep 1
  if kill -0 "$pid" 2>/dev/null && [ -f "$tmp" ]; then echo "[panel] $(numfmt --to=iec --suffix=B "$(stat -c %s "$tmp")") written so far"; fi
done
wait "$pid"
code=$?
if [ "$code" -ne 0 ]; then rm -f "$tmp"; exit "$code"; fi
mv -f "$tmp" "$out"
echo "[panel] dump written to ~/$PANEL_FILE ($(numfmt --to=iec --suffix=B "$(stat -c %s "$out")"))"
`;

const RESTORE_SCRIPT = `
set -uo pipefail
${CREDENTIALS_CHECK}
echo "[panel] restoring $PANEL_FILE_NAME ($(numfmt --to=iec --suffix=B "$(stat -c %s ${RESTORE_FILE})")) into $PANEL_DATABASE"
if [ "$PANEL_ENGINE" = mysql ]; then
  mysql --defaults-file="$HOME/.my.cnf" --batch "$PANEL_DATABASE" < ${RESTORE_FILE} || exit $?
else
  psql --no-psqlrc --quiet --set ON_ERROR_STOP=1 --single-transaction --file=${RESTORE_FILE} || exit $?
fi
echo "[panel] restored $PANEL_FILE_NAME into $PANEL_DATABASE"
`;

@Injectable()
export class DatabaseClients {
  constructor(private readonly containers: AccountContainers) {}

  /** The clients' settings besides what every account container has (libpq's host, port, user and password file;
   * MySQL's are in ~/.my.cnf). */
  env(engine: DatabaseEngine, database: string): Record<string, string> {
    const base = { PANEL_ENGINE: engine, PANEL_DATABASE: database };
    if (engine === 'mysql') return base;
    return { ...base, PGDATABASE: database, PGCONNECT_TIMEOUT: '10' };
  }

  /** Runs a script, keeping the end of its output to explain a failure. */
  async run(workspace: AccountWorkspace, script: string, env: Record<string, string>, context: JobContext, extraBinds: string[] = []) {
    let output = '';
    const code = await this.containers.runScript({
      workspace,
      pythonVersion: DEFAULT_PYTHON_VERSION,
      script,
      env,
      context,
      extraBinds,
      onOutput: (text) => {
        output = (output + text).slice(-OUTPUT_KEPT);
      },
    });
    return { code, output };
  }
}

/** mysqldump / pg_dump into ~/.dumps/<database>-<time>.sql; panel-api streams that file to the browser. */
@Injectable()
@HandlesJob(JobName.DatabaseDump)
export class DatabaseDumpHandler implements JobHandler<JobName.DatabaseDump> {
  constructor(
    private readonly workspaces: AccountWorkspaces,
    private readonly clients: DatabaseClients,
  ) {}

  async handle(payload: JobPayload<JobName.DatabaseDump>, context: JobContext): Promise<void> {
    const workspace = await this.workspaces.forAccount(payload.accountId);
    const env = { ...this.clients.env(payload.engine, payload.database), PANEL_FILE: payload.file };
    let code: number;
    let output: string;
    try {
      ({ code, output } = await this.clients.run(workspace, DUMP_SCRIPT, env, context));
    } catch (error) {
      await removePartial(workspace, payload.file);
      throw error;
    }
    if (code !== 0) {
      await removePartial(workspace, payload.file);
      throw new JobFailure(`The dump of ${payload.database} failed: ${clientProblem(output) ?? `${DATABASE_ENGINE_LABELS[payload.engine]}'s client exited with status ${code}`}`);
    }
  }
}

/** A killed dump (cancel, time limit) leaves its .partial file: removed, never following a link out of the home. */
async function removePartial(workspace: AccountWorkspace, file: string) {
  const home = await workspaceHomeFs(workspace);
  await home.removeIf(`${file}.partial`, 'file').catch(() => false);
}

/** mysql / psql reading an uploaded .sql file; a failure says at which line of the file and why. */
@Injectable()
@HandlesJob(JobName.DatabaseRestore)
export class DatabaseRestoreHandler implements JobHandler<JobName.DatabaseRestore> {
  constructor(
    private readonly workspaces: AccountWorkspaces,
    private readonly clients: DatabaseClients,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async handle(payload: JobPayload<JobName.DatabaseRestore>, context: JobContext): Promise<void> {
    const upload = databaseUploadPath(this.config.dataDir, payload.uploadId);
    try {
      if (!(await lstat(upload).then((s) => s.isFile(), () => false))) {
        throw new JobFailure(`The uploaded file ${payload.fileName} is no longer there; upload it again.`);
      }
      const workspace = await this.workspaces.forAccount(payload.accountId);
      const env = { ...this.clients.env(payload.engine, payload.database), PANEL_FILE_NAME: payload.fileName };
      const { code, output } = await this.clients.run(workspace, RESTORE_SCRIPT, env, context, [`${upload}:${RESTORE_FILE}:ro`]);
      if (code !== 0) {
        throw new JobFailure(restoreFailure(payload.engine, output, payload.fileName) ?? `The restore failed: the client exited with status ${code}.`);
      }
    } finally {
      await rm(upload, { force: true });
    }
  }
}
