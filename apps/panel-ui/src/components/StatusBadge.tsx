import type { JobStatus } from '@panel/contracts';
import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export function Badge({ tone = 'neutral', children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const JOB_STATUS: Record<JobStatus, { label: string; tone: BadgeTone }> = {
  queued: { label: 'Queued', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'warning' },
};

/** A job's status as a coloured pill; `data-status` carries the raw value for tests and styling. */
export function StatusBadge({ status }: { status: JobStatus }) {
  const { label, tone } = JOB_STATUS[status] ?? { label: status, tone: 'neutral' };
  return (
    <span className={`badge badge-${tone}`} data-status={status}>
      {status === 'running' && <span className="badge-pulse" aria-hidden="true" />}
      {label}
    </span>
  );
}
