import type { JobView } from '@panel/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { JobLogPanel } from '../../../components/JobLog';
import { Spinner } from '../../../components/Spinner';
import { StatusBadge } from '../../../components/StatusBadge';
import { formatDateTime, formatFullDateTime, formatJobDuration } from '../../../lib/format';
import { TableHead } from '../../../components/TableHead';

interface JobHistoryCardProps {
  title: string;
  description: string;
  /** Shown when the list is empty. */
  empty: string;
  jobs: UseQueryResult<JobView[]>;
}

/** A card listing jobs (name, status with a failure's reason, created, duration); a click shows a job's log. */
export function JobHistoryCard({ title, description, empty, jobs }: JobHistoryCardProps) {
  const [selected, setSelected] = useState<string | null>(null);

  return (
    <Card
      title={title}
      description={description}
      actions={
        <Button variant="secondary" size="sm" onClick={() => void jobs.refetch()} loading={jobs.isFetching && !jobs.isPending}>
          Refresh
        </Button>
      }
    >
      <ErrorAlert error={jobs.error} />
      {jobs.isPending ? (
        <Spinner />
      ) : jobs.data && jobs.data.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : jobs.data ? (
        <div className="table-wrap">
          <table className="table" aria-label={title}>
            <TableHead columns={['Job', 'Status', 'Created', 'Duration']} />
            <tbody>
              {jobs.data.map((job) => (
                <tr key={job.id} className={job.id === selected ? 'row-selected' : undefined}>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={job.id === selected}
                      title={`${job.name} · ${job.id}`}
                      onClick={() => setSelected(job.id === selected ? null : job.id)}
                    >
                      {job.title}
                      <span className="visually-hidden"> log, {formatDateTime(job.createdAt)}</span>
                    </button>
                  </td>
                  <td>
                    <StatusBadge status={job.status} />
                    {job.status === 'failed' && job.error && <span className="small muted cell-note">{job.error}</span>}
                  </td>
                  <td title={formatFullDateTime(job.createdAt)}>{formatDateTime(job.createdAt)}</td>
                  <td className="mono">{formatJobDuration(job.startedAt, job.finishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {selected && (
        <JobLogPanel
          heading="Job log"
          onClose={() => setSelected(null)}
          jobId={selected}
          initialJob={jobs.data?.find((job) => job.id === selected)}
        />
      )}
    </Card>
  );
}
