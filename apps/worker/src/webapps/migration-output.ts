/**
 * Reads Alembic's output to name the migration that failed and the database's error, so the job's message says
 * plainly which revision broke and in what state the database is.
 */
export function describeMigrationFailure(output: string): string | null {
  const steps = [...output.matchAll(/Running (upgrade|downgrade) ([^\s,]*) -> ([^\s,]+),? ?(.*)$/gm)];
  const last = steps.at(-1);
  const errorLine = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[\w.]+(Error|Exception)\b.*:/.test(l) || /^(sqlalchemy|pymysql|psycopg2|MySQLdb)\.[\w.]+:/.test(l))
    .at(-1);
  if (!last) return errorLine ? `The migration command failed: ${errorLine}` : null;
  const [, direction, from, to, message] = last;
  const target = direction === 'upgrade' ? to : from;
  const name = message ? ` ("${message.trim()}")` : '';
  return (
    `The ${direction} to ${target}${name} failed: ${errorLine ?? 'see the output above'}. ` +
    `The database is as Alembic left it: migrations before it stay applied and the recorded revision is still ${direction === 'upgrade' ? from || 'empty (base)' : from}; ` +
    'on MySQL, statements of the failed migration that ran before the error stay applied (MySQL cannot roll back schema changes). Fix the migration, then run it again.'
  );
}
