import type { EntityManager } from 'typeorm';

/** The daily CPU period that holds `now`: it starts at the last reset time (UTC hour and minute) at or before it. */
export function cpuPeriod(now: Date, reset: { hour: number; minute: number }): { start: Date; next: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), reset.hour, reset.minute));
  if (start.getTime() > now.getTime()) start.setUTCDate(start.getUTCDate() - 1);
  const next = new Date(start);
  next.setUTCDate(next.getUTCDate() + 1);
  return { start, next };
}

/** Adds CPU seconds to each account's row of the period (made on first use). */
export async function addCpuSeconds(manager: EntityManager, periodStart: Date, seconds: Map<number, number>): Promise<void> {
  const rows = [...seconds].filter(([, s]) => s > 0);
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO account_cpu_usage (account_id, period_start, cpu_seconds) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}
     ON DUPLICATE KEY UPDATE cpu_seconds = cpu_seconds + VALUES(cpu_seconds)`,
    rows.flatMap(([accountId, s]) => [accountId, periodStart, s]),
  );
}

/** Stores each workload's latest reading as its mark, in one statement. */
export async function saveCpuMarks(manager: EntityManager, nodeId: string, marks: { workloadId: string; accountId: number; seconds: number }[]): Promise<void> {
  if (marks.length === 0) return;
  await manager.query(
    `INSERT INTO workload_cpu_marks (workload_id, node_id, account_id, cpu_seconds) VALUES ${marks.map(() => '(?, ?, ?, ?)').join(', ')}
     ON DUPLICATE KEY UPDATE node_id = VALUES(node_id), account_id = VALUES(account_id), cpu_seconds = VALUES(cpu_seconds)`,
    marks.flatMap((m) => [m.workloadId, nodeId, m.accountId, m.seconds]),
  );
}

/** CPU seconds each account used in the period (0 for one with no row). */
export async function cpuSecondsUsed(manager: EntityManager, periodStart: Date, accountIds: number[]): Promise<Map<number, number>> {
  const used = new Map(accountIds.map((id) => [id, 0]));
  if (accountIds.length === 0) return used;
  const rows = (await manager.query(
    `SELECT account_id AS accountId, cpu_seconds AS seconds FROM account_cpu_usage WHERE period_start = ? AND account_id IN (${accountIds.map(() => '?').join(', ')})`,
    [periodStart, ...accountIds],
  )) as { accountId: number; seconds: number | string }[];
  for (const row of rows) used.set(Number(row.accountId), Number(row.seconds));
  return used;
}
