import type { EntityManager } from 'typeorm';

/**
 * How many containers each node has placed on it: one per web app and one per account's console container (an
 * account with consoles of two Python versions has two). What placement counts against a node's memory.
 */
export async function placedContainers(manager: EntityManager): Promise<Map<string, number>> {
  const rows = (await manager.query(
    `SELECT node_id AS nodeId, SUM(n) AS n FROM (
       SELECT node_id, COUNT(*) AS n FROM webapps GROUP BY node_id
       UNION ALL
       SELECT node_id, COUNT(DISTINCT account_id, python_version) AS n FROM consoles GROUP BY node_id
     ) placed GROUP BY node_id`,
  )) as { nodeId: string; n: string | number }[];
  return new Map(rows.map((r) => [r.nodeId, Number(r.n)]));
}
