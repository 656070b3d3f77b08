import type { EnvironmentView } from '@panel/contracts';
import { Link } from 'react-router-dom';
import { formatBytes, formatDateTime, formatFullDateTime } from '../../../lib/format';
import { measuredText } from '../measured';
import { EnvironmentStatusBadge } from './EnvironmentStatusBadge';
import { TableHead } from '../../../components/TableHead';

export function EnvironmentsTable({ environments }: { environments: EnvironmentView[] }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Environments">
        <TableHead columns={['Name', 'Python', { label: 'Size', className: 'num' }, { label: 'Packages', className: 'num' }, 'Used by', 'Status', 'Created']} />
        <tbody>
          {environments.map((env) => (
            <tr key={env.name} data-environment={env.name}>
              <td>
                <Link to={`/environments/${encodeURIComponent(env.name)}`} className="strong mono">
                  {env.name}
                </Link>
              </td>
              <td>{env.pythonVersion ? `Python ${env.pythonVersion}` : '—'}</td>
              <td className="num" title={formatFullDateTime(env.measuredAt)}>
                {env.sizeBytes === null ? '—' : formatBytes(env.sizeBytes)}
                {env.status !== 'building' && env.status !== 'failed' && <div className="muted small">{measuredText(env)}</div>}
              </td>
              <td className="num">{env.packageCount ?? '—'}</td>
              <td>{env.usedBy.length ? <span className="mono small">{env.usedBy.join(', ')}</span> : <span className="muted">—</span>}</td>
              <td>
                <EnvironmentStatusBadge status={env.status} />
              </td>
              <td title={formatFullDateTime(env.createdAt)}>{formatDateTime(env.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

