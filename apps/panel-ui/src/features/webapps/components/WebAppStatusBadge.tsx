import type { WebAppStatus } from '@panel/contracts';
import { Badge } from '../../../components/StatusBadge';
import { WEBAPP_STATUS } from '../webappText';

/** A web app's status as a coloured pill; `data-status` carries the raw value. */
export function WebAppStatusBadge({ status }: { status: WebAppStatus }) {
  const { label, tone, title } = WEBAPP_STATUS[status] ?? { label: status, tone: 'neutral', title: '' };
  return (
    <Badge tone={tone} status={status} title={title} pulse={status === 'reloading'}>
      {label}
    </Badge>
  );
}
