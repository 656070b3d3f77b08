import type { EnvironmentStatus } from '@panel/contracts';
import { Badge, type BadgeTone } from '../../../components/StatusBadge';

const ENVIRONMENT_STATUS: Record<EnvironmentStatus, { label: string; tone: BadgeTone; title: string }> = {
  ready: { label: 'Ready', tone: 'success', title: 'Built and usable.' },
  building: { label: 'Building', tone: 'info', title: 'A job is building this environment.' },
  failed: { label: 'Failed', tone: 'danger', title: 'The build failed; its log says why.' },
  broken: { label: 'Broken', tone: 'warning', title: 'The directory exists but has no usable Python (no pyvenv.cfg).' },
};

/** An environment's status as a coloured pill; `data-status` carries the raw value. */
export function EnvironmentStatusBadge({ status }: { status: EnvironmentStatus }) {
  const { label, tone, title } = ENVIRONMENT_STATUS[status] ?? { label: status, tone: 'neutral', title: '' };
  return (
    <Badge tone={tone} status={status} title={title} pulse={status === 'building'}>
      {label}
    </Badge>
  );
}
