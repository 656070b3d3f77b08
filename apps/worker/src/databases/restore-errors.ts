import type { DatabaseEngine } from '@panel/contracts';

/**
 * Turns a client's output into the reason a restore (or dump) failed, with the line of the .sql file where it
 * stopped when the client says so:
 *   mysql: "ERROR 1064 (42000) at line 3: You have an error in your SQL syntax; ..."
 *   psql:  "psql:/tmp/panel-restore.sql:3: ERROR:  syntax error at or near "CREAT""
 */
export function restoreFailure(engine: DatabaseEngine, output: string, fileName: string): string | null {
  if (engine === 'mysql') {
    const m = /^ERROR (\d+) \(([0-9A-Z]{5})\) at line (\d+)(?: in file: '[^']*')?: (.*)$/m.exec(output);
    if (m) {
      return `The restore stopped at line ${m[3]} of ${fileName}: ${m[4].trim()} (MySQL error ${m[1]}). The statements before that line were applied.`;
    }
  } else {
    const m = /^psql:[^\n]*?:(\d+): (?:ERROR|FATAL):\s+(.*)$/m.exec(output);
    if (m) {
      return `The restore stopped at line ${m[1]} of ${fileName}: ${m[2].trim()}. Nothing was changed: the restore runs in one transaction.`;
    }
  }
  return clientProblem(output);
}

/** The last error line a client printed (connection refused, access denied, ...), or a [panel] line of the script. */
export function clientProblem(output: string): string | null {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (/^\[panel\] (problem|error):/i.test(line)) return line.replace(/^\[panel\] (problem|error):\s*/i, '');
    if (/^(mysqldump|mysql|mariadb-dump|mariadb|pg_dump|psql)(: |:[^ ]*: )/.test(line) || /^ERROR \d+/.test(line)) {
      return line.replace(/^(psql|pg_dump): error: /, '');
    }
  }
  return null;
}
