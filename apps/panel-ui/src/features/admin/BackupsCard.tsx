import { BackupsView, type BackupRunView } from '@panel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Spinner } from '../../components/Spinner';
import { Badge } from '../../components/StatusBadge';
import { formatBytes, formatFullDateTime, formatRelative } from '../../lib/format';

export function useBackups() {
  return useQuery({ queryKey: ['admin', 'backups'], queryFn: () => api.get('/api/admin/backups', BackupsView), refetchInterval: 60_000 });
}

/** The latest backup (made by `npm run backup` on the machine) and, when it was not a success, the last good one. */
export function BackupsCard() {
  const backups = useBackups();
  return (
    <Card title="Backups" description="Made on the machine with npm run backup -- <folder> (from cron or a systemd timer); npm run restore -- <folder> brings one back on a new machine.">
      <ErrorAlert error={backups.error} />
      {backups.isPending ? (
        <Spinner />
      ) : !backups.data?.latest ? (
        <p className="empty">No backup has been made yet.</p>
      ) : (
        <div className="stack">
          <BackupLine label="Latest" run={backups.data.latest} />
          {backups.data.latest.status !== 'succeeded' &&
            (backups.data.lastSucceeded ? <BackupLine label="Last good" run={backups.data.lastSucceeded} /> : <p className="field-error">No backup has succeeded yet.</p>)}
        </div>
      )}
    </Card>
  );
}

function BackupLine({ label, run }: { label: string; run: BackupRunView }) {
  const tone = run.status === 'succeeded' ? 'success' : run.status === 'failed' ? 'danger' : 'info';
  const status = run.status === 'succeeded' ? 'Succeeded' : run.status === 'failed' ? 'Failed' : 'Running';
  return (
    <div>
      <div>
        <strong>{label}:</strong> <Badge tone={tone}>{status}</Badge>{' '}
        <span title={formatFullDateTime(run.startedAt)}>{formatRelative(run.startedAt)}</span>
        {run.sizeBytes !== null ? `, ${formatBytes(run.sizeBytes)}` : ''}
      </div>
      <div className="mono small muted">{run.location}</div>
      {run.error ? <div className="field-error">{run.error}</div> : null}
    </div>
  );
}
