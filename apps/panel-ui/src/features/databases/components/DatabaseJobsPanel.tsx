import type { DatabaseEngine, DatabaseJobEntryView } from '@panel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { Button } from '../../../components/Button';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { JobLog } from '../../../components/JobLog';
import { StatusBadge } from '../../../components/StatusBadge';
import { formatBytes, formatDateTime } from '../../../lib/format';
import { baseName } from '../../files/paths';
import { useJob } from '../../jobs/hooks';
import { databaseKeys, useDatabaseJobs, useRestore, useStartDump } from '../hooks';

/** "Download a dump" and "Restore from an .sql file" for one database: jobs with live logs, and the recent ones. */
export function DatabaseJobsPanel({ engine, name, onClose }: { engine: DatabaseEngine; name: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const dump = useStartDump(engine, name);
  const restore = useRestore(engine, name);
  const history = useDatabaseJobs(engine, name);
  const [active, setActive] = useState<DatabaseJobEntryView | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<{ sent: number; total: number } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const fileId = useId();

  const startRestore = () => {
    if (!file) return;
    restore.reset();
    setSent({ sent: 0, total: file.size });
    restore.mutate(
      { file, onProgress: (s, total) => setSent({ sent: s, total }) },
      {
        onSuccess: (started) => {
          setActive(started);
          setFile(null);
          if (fileInput.current) fileInput.current.value = '';
        },
        onSettled: () => setSent(null),
      },
    );
  };

  return (
    <section className="database-job subsection" aria-label={`Dumps and restores of ${name}`}>
      <div className="selected-job-bar">
        <h3 className="subheading">
          Dumps and restores of <span className="mono">{name}</span>
        </h3>
        <Button variant="ghost" size="sm" onClick={onClose}>
          Close
        </Button>
      </div>
      <div className="button-row">
        <Button loading={dump.isPending} onClick={() => dump.mutate(undefined, { onSuccess: setActive })}>
          Download a dump
        </Button>
      </div>
      <ErrorAlert error={dump.error} />
      <div className="database-upload">
        <label className="field-label" htmlFor={fileId}>
          Restore from an .sql file
        </label>
        <div className="button-row">
          <input id={fileId} ref={fileInput} type="file" accept=".sql,text/plain,application/sql" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
          <Button variant="secondary" disabled={!file} loading={restore.isPending} onClick={startRestore}>
            Restore into {name}
          </Button>
        </div>
        <p className="field-hint">
          The file runs in {engine === 'mysql' ? 'mysql' : 'psql'} as your database user, on top of what the database holds.
          {engine === 'postgres' ? ' It runs in one transaction: if it fails, nothing changes.' : ''}
        </p>
        {sent && (
          <p className="small muted" role="status">
            Uploading: {formatBytes(sent.sent)} of {formatBytes(sent.total)}
          </p>
        )}
      </div>
      <ErrorAlert error={restore.error} />
      {active && (
        <>
          <JobLog
            key={active.job.id}
            jobId={active.job.id}
            initialJob={active.job}
            title={`${active.database.kind === 'dump' ? 'Dump of' : `Restore of ${active.database.file} into`} ${name}`}
            onFinish={() => {
              void queryClient.invalidateQueries({ queryKey: databaseKeys.jobs(engine, name) });
              void queryClient.invalidateQueries({ queryKey: databaseKeys.overview() });
            }}
          />
          {active.database.kind === 'dump' && <DumpDownload jobId={active.job.id} file={active.database.file} />}
        </>
      )}
      {history.data && history.data.length > 0 && (
        <div>
          <h4 className="small strong">Recent dumps and restores</h4>
          <ul className="database-history">
            {history.data.map(({ job, database }) => (
              <li key={job.id}>
                {formatDateTime(job.createdAt)} · {database.kind === 'dump' ? 'dump' : `restore of ${database.file}`} <StatusBadge status={job.status} />{' '}
                {database.downloadUrl && (
                  <a href={database.downloadUrl} download>
                    Download {baseName(database.file)}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** The finished dump's download link (the browser streams the file from the API). */
function DumpDownload({ jobId, file }: { jobId: string; file: string }) {
  const job = useJob(jobId);
  if (job.data?.status !== 'succeeded') return null;
  return (
    <div className="alert alert-success" role="status">
      <span>
        The dump is in <span className="mono">{file}</span>.{' '}
        <a href={`/api/databases/dumps/${encodeURIComponent(jobId)}`} download>
          Download {baseName(file)}
        </a>
      </span>
    </div>
  );
}
