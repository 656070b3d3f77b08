import type { WebAppStatus } from '@panel/contracts';
import { WEBAPP_STATUS } from '../webappText';

/** A web app's status as a coloured pill; `data-status` carries the raw value. */
export function WebAppStatusBadge({ status }: { status: WebAppStatus }) {
  const { label, tone, title } = WEBAPP_STATUS[status] ?? { label: status, tone: 'neutral', title: '' };
  return (
    <span className={`badge badge-${tone}`} data-status={status} title={title}>
      {status === 'reloading' && <span className="badge-pulse" aria-hidden="true" />}
      {label}
    </span>
  );
}
