import type { JobStatus } from '@panel/contracts';
import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export interface BadgeProps {
  tone?: BadgeTone;
  children: ReactNode;
  title?: string;
  /** The raw status value, as `data-status` (for tests and styling). */
  status?: string;
  /** A pulsing dot before the text, for something in progress. */
  pulse?: boolean;
}

export function Badge({ tone = 'neutral', children, title, status, pulse = false }: BadgeProps) {
  return (
    <span className={`badge badge-${tone}`} data-status={status} title={title}>
      {pulse && <span className="badge-pulse" aria-hidden="true" />}
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
    <Badge tone={tone} status={status} pulse={status === 'running'}>
      {label}
    </Badge>
  );
}
