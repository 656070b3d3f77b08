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

/**
 * The web apps still on a draining node whose move failed since the drain started, with the move's error: the drain
 * does not retry them (the app would fail the same way) and the operator sees why the node is not empty.
 */
export async function failedDrainMoves(manager: EntityManager, nodeId: string, since: Date): Promise<{ webappId: number; domain: string; error: string }[]> {
  const rows = (await manager.query(
    `SELECT w.id AS webappId, w.domain AS domain, j.error AS error
       FROM jobs j JOIN webapps w ON w.id = CAST(JSON_UNQUOTE(JSON_EXTRACT(j.payload, '$.webappId')) AS UNSIGNED)
      WHERE j.name = 'webapp.move-in' /* JobName.WebAppMoveIn */ AND j.status = 'failed' AND j.created_at >= ?
        AND JSON_UNQUOTE(JSON_EXTRACT(j.payload, '$.fromNodeId')) = ? AND w.node_id = ?
      ORDER BY j.created_at`,
    [since, nodeId, nodeId],
  )) as { webappId: number; domain: string; error: string | null }[];
  const byApp = new Map(rows.map((r) => [Number(r.webappId), { webappId: Number(r.webappId), domain: r.domain, error: r.error ?? 'the move failed' }]));
  return [...byApp.values()];
}
