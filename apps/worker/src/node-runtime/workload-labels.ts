import type { WorkloadOwner, WorkloadSelector } from './node-runtime';

/**
 * The labels and names of the platform's containers, written and read in this one place. Every container carries
 * the platform's instance id and its node, and every query filters on both, so two platforms (or two nodes) on one
 * engine never see each other's containers. Ids and names are labels of their own: `panel.account-id` is always a
 * number, `panel.username` always a name.
 */
export const LABEL = {
  instance: 'panel.instance',
  node: 'panel.node',
  kind: 'panel.kind',
  accountId: 'panel.account-id',
  username: 'panel.username',
  webappId: 'panel.webapp',
  domain: 'panel.domain',
  slot: 'panel.slot',
  pythonVersion: 'panel.python',
  jobId: 'panel.job',
  purpose: 'panel.purpose',
  taskId: 'panel.task',
  revision: 'panel.revision',
} as const;

/** Where a workload stands: this platform and this node. */
export interface Placement {
  instanceId: string;
  nodeId: string;
}

export function workloadLabels(placement: Placement, owner: WorkloadOwner): Record<string, string> {
  const labels: Record<string, string> = { [LABEL.instance]: placement.instanceId, [LABEL.node]: placement.nodeId, [LABEL.kind]: owner.kind };
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined) labels[key] = String(value);
  };
  set(LABEL.accountId, owner.accountId);
  set(LABEL.username, owner.username);
  switch (owner.kind) {
    case 'webapp':
      set(LABEL.webappId, owner.webappId);
      set(LABEL.domain, owner.domain);
      set(LABEL.slot, owner.slot);
      break;
    case 'console':
      set(LABEL.pythonVersion, owner.pythonVersion);
      break;
    case 'job':
      set(LABEL.jobId, owner.jobId);
      set(LABEL.purpose, owner.purpose);
      break;
    case 'alwayson':
      set(LABEL.taskId, owner.taskId);
      set(LABEL.revision, owner.revision);
      break;
  }
  return labels;
}

/** The owner written by workloadLabels; null for a container that is not a workload of a known kind. */
export function ownerFromLabels(labels: Record<string, string> | undefined): WorkloadOwner | null {
  if (!labels) return null;
  const num = (key: string) => (labels[key] !== undefined && /^\d+$/.test(labels[key]) ? Number(labels[key]) : undefined);
  const accountId = num(LABEL.accountId);
  const username = labels[LABEL.username];
  switch (labels[LABEL.kind]) {
    case 'webapp': {
      const webappId = num(LABEL.webappId);
      if (accountId === undefined || !username || webappId === undefined || !labels[LABEL.slot]) return null;
      return { kind: 'webapp', accountId, username, webappId, domain: labels[LABEL.domain] ?? '', slot: labels[LABEL.slot] };
    }
    case 'console':
      if (accountId === undefined || !username || !labels[LABEL.pythonVersion]) return null;
      return { kind: 'console', accountId, username, pythonVersion: labels[LABEL.pythonVersion] };
    case 'job':
      return { kind: 'job', accountId, username, jobId: labels[LABEL.jobId], purpose: labels[LABEL.purpose] };
    case 'alwayson': {
      const taskId = num(LABEL.taskId);
      const revision = num(LABEL.revision);
      if (accountId === undefined || !username || taskId === undefined || revision === undefined) return null;
      return { kind: 'alwayson', accountId, username, taskId, revision };
    }
    default:
      return null;
  }
}

/** Docker label filters for a selector: always this platform and this node, then what the selector narrows to. */
export function selectorFilters(placement: Placement, selector: WorkloadSelector): string[] {
  const filters = [`${LABEL.instance}=${placement.instanceId}`, `${LABEL.node}=${placement.nodeId}`, `${LABEL.kind}=${selector.kind}`];
  if ('accountId' in selector && selector.accountId !== undefined) filters.push(`${LABEL.accountId}=${selector.accountId}`);
  if (selector.kind === 'webapp' && selector.webappId !== undefined) filters.push(`${LABEL.webappId}=${selector.webappId}`);
  if (selector.kind === 'job' && selector.purpose !== undefined) filters.push(`${LABEL.purpose}=${selector.purpose}`);
  if (selector.kind === 'alwayson' && selector.taskId !== undefined) filters.push(`${LABEL.taskId}=${selector.taskId}`);
  if (selector.kind === 'job' && selector.jobId !== undefined) filters.push(`${LABEL.jobId}=${selector.jobId}`);
  return filters;
}

/** Whether labels say "this platform, this node": what inspect checks before it answers about a container. */
export function isPlacedHere(placement: Placement, labels: Record<string, string> | undefined): boolean {
  return labels?.[LABEL.instance] === placement.instanceId && labels?.[LABEL.node] === placement.nodeId;
}

/**
 * A container's name says what it is (`docker ps` reads as a list of the platform's work): the platform's short id
 * and the node (names are unique per engine, and nodes may share one), then the kind and whose it is. Consoles are
 * found by name, so theirs has no random part.
 */
export function workloadName(placement: Placement, owner: WorkloadOwner, unique: string): string {
  const prefix = `panel-${placement.instanceId.replace(/-/g, '').slice(0, 8)}-${placement.nodeId}`;
  switch (owner.kind) {
    case 'webapp':
      return `${prefix}-web-${owner.domain}-${owner.slot}`; // a slot is unique per start already
    case 'console':
      return `${prefix}-console-${owner.username}-${owner.pythonVersion}`;
    case 'job':
      return `${prefix}-job-${[owner.purpose, owner.username].filter(Boolean).join('-') || 'run'}-${unique}`;
    case 'alwayson':
      return `${prefix}-alwayson-${owner.username}-${owner.taskId}-r${owner.revision}`; // one container per revision
  }
}
