import { JOB_STATUSES } from '@panel/contracts';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/FormField';
import { Spinner } from '../../components/Spinner';
import { StatusBadge } from '../../components/StatusBadge';
import { TableHead } from '../../components/TableHead';
import { formatDateTime, formatFullDateTime, formatJobDuration } from '../../lib/format';
import { isFinished } from '../jobs/hooks';
import { JOBS_PAGE_SIZE, useAdminCancelJob, useAdminJobs } from './accountHooks';
import { Pager } from './AccountsAdmin';

/** Every account's jobs, by state and account, with Cancel for those not finished. */
export function AdminJobsCard() {
  const [status, setStatus] = useState('');
  const [username, setUsername] = useState('');
  const [page, setPage] = useState(1);
  const jobs = useAdminJobs(status, username.trim(), page);
  const cancel = useAdminCancelJob();
  return (
    <Card title="Jobs" description="Every account's jobs, newest first.">
      <div className="inline-form">
        <SelectField
          label="State"
          value={status}
          onChange={(event) => {
            setStatus(event.target.value);
            setPage(1);
          }}
        >
          <option value="">Any</option>
          {JOB_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0].toUpperCase() + s.slice(1)}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Account"
          placeholder="username"
          value={username}
          onChange={(event) => {
            setUsername(event.target.value);
            setPage(1);
          }}
        />
      </div>
      <ErrorAlert error={jobs.error ?? cancel.error} />
      {jobs.isPending ? (
        <Spinner />
      ) : jobs.data && jobs.data.jobs.length === 0 ? (
        <p className="empty">No jobs match.</p>
      ) : jobs.data ? (
        <>
          <div className="table-wrap">
            <table className="table" aria-label="Jobs of every account">
              <TableHead columns={['Job', 'Account', 'Status', 'Created', 'Duration', { label: 'Actions', hidden: true }]} />
              <tbody>
                {jobs.data.jobs.map((job) => (
                  <tr key={job.id}>
                    <td title={`${job.name} · ${job.id}`}>{job.title}</td>
                    <td className="mono">{job.username ?? '—'}</td>
                    <td>
                      <StatusBadge status={job.status} />
                      {job.status === 'failed' && job.error && <span className="small muted cell-note">{job.error}</span>}
                    </td>
                    <td title={formatFullDateTime(job.createdAt)}>{formatDateTime(job.createdAt)}</td>
                    <td className="mono">{formatJobDuration(job.startedAt, job.finishedAt)}</td>
                    <td className="cell-actions">
                      {!isFinished(job.status) && (
                        <Button
                          size="sm"
                          variant="danger"
                          aria-label={`Cancel ${job.title}`}
                          loading={cancel.isPending && cancel.variables === job.id}
                          onClick={() => cancel.mutate(job.id)}
                        >
                          Cancel
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageSize={JOBS_PAGE_SIZE} total={jobs.data.total} onPage={setPage} label="Job pages" />
        </>
      ) : null}
    </Card>
  );
}
