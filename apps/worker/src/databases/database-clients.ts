import { Injectable } from '@nestjs/common';
import { DatabaseEngine, DEFAULT_PYTHON_VERSION } from '@panel/contracts';
import { AccountContainers } from '../accounts/account-containers';
import { AccountWorkspace } from '../accounts/account-workspace';
import { JobContext } from '../jobs/job-handler';

/** Where the uploaded .sql file appears in the restore job's container (read-only). */
export const RESTORE_FILE = '/tmp/panel-restore.sql';
export const OUTPUT_KEPT = 64 * 1024;

/*
 * The scripts run in a one-off container as the account, with the account's own credentials: ~/.my.cnf for the
 * MySQL clients (--defaults-file), ~/.pgpass for the PostgreSQL ones (libpq reads it). No password is in a
 * payload, an environment variable, a command line or the log. Values arrive through the environment only.
 */
export const CREDENTIALS_CHECK = `
if [ "$PANEL_ENGINE" = mysql ]; then
  if [ ! -f "$HOME/.my.cnf" ]; then
    echo "[panel] problem: ~/.my.cnf is missing. Set your MySQL password again on the Databases tab to write it." >&2; exit 3
  fi
elif [ ! -f "$HOME/.pgpass" ]; then
  echo "[panel] problem: ~/.pgpass is missing. Set your PostgreSQL password again on the Databases tab to write it." >&2; exit 3
fi
`;

export const DUMP_SCRIPT = `
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

export const RESTORE_SCRIPT = `
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
