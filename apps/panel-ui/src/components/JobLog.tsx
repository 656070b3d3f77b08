import type { JobStreamEvent, JobView } from '@panel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { fetchJobLog, isFinished, jobKeys, jobPath, jobsAheadText, useCancelJob, useJob, useJobQueuePosition } from '../features/jobs/hooks';
import { formatJobDuration } from '../lib/format';
import { Button } from './Button';
import { ErrorAlert } from './ErrorAlert';
import { appendOutput, EMPTY_LOG, fromFullLog, type LogBuffer } from './jobLogBuffer';
import { StatusBadge } from './StatusBadge';
import { TerminalOutput } from './TerminalOutput';

export interface JobLogProps {
  jobId: string;
  /** The job as already known (e.g. from the POST that started it), shown until the server says more. */
  initialJob?: JobView;
  /** Shown in the header instead of the job's name. */
  title?: string;
  /** Called once when the job is (or is found to be) finished, e.g. to refresh what the job changed. */
  onFinish?: (job: JobView) => void;
}

/**
 * A job's status and its output, live: it follows GET /api/jobs/:id/events (the log so far, then new output and
 * status changes until the job finishes), with a Cancel button while the job is queued or running.
 */
export function JobLog({ jobId, initialJob, title, onFinish }: JobLogProps) {
  const jobQuery = useJob(jobId, initialJob);
  const job = jobQuery.data;
  const { log, streamFailed } = useJobStream(jobId);
  const cancel = useCancelJob();
  const finished = job ? isFinished(job.status) : false;
  const position = useJobQueuePosition(jobId, job?.status === 'queued').data;
  useOnFinish(job, onFinish);

  return (
    <div className="job-log" data-job-id={jobId}>
      <div className="job-log-header">
        <div className="job-log-heading">
          <span className="job-log-title">{title ?? (job ? job.title : 'Job')}</span>
          {job && <StatusBadge status={job.status} />}
          {job?.startedAt && <span className="muted small">{formatJobDuration(job.startedAt, job.finishedAt)}</span>}
          {job?.status === 'queued' && position?.status === 'queued' && position.jobsAhead !== null && (
            <span className="muted small" data-testid="jobs-ahead">
              {jobsAheadText(position.jobsAhead)}
            </span>
          )}
        </div>
        {job && !finished && (
          <Button variant="secondary" size="sm" loading={cancel.isPending} onClick={() => cancel.mutate(jobId)}>
            Cancel
          </Button>
        )}
      </div>
      {job?.progress && <JobProgressBar done={job.progress.done} total={job.progress.total} />}
      {job?.status === 'failed' && job.error && <div className="job-error">{job.error}</div>}
      <ErrorAlert error={cancel.error} />
      {!job && <ErrorAlert error={jobQuery.error} />}
      <TerminalOutput
        text={log.text}
        placeholder={finished ? 'No output.' : 'Waiting for output…'}
        label="Job output"
        testId="job-output"
      />
      {streamFailed && !finished && (
        <p className="muted small">Lost the live connection to this job's output; refresh the page to try again.</p>
      )}
    </div>
  );
}

export interface JobLogPanelProps extends JobLogProps {
  /** The panel's heading, above the log. */
  heading: string;
  /** Shows a "Close log" button that calls it; no button when undefined. */
  onClose?: () => void;
}

/**
 * A job's log under a heading with an optional "Close log" button, e.g. below the form that started the job.
 * The log starts afresh (a new stream) when `jobId` changes.
 */
export function JobLogPanel({ heading, onClose, ...jobLog }: JobLogPanelProps) {
  return (
    <div className="selected-job">
      <div className="selected-job-bar">
        <h3 className="subheading">{heading}</h3>
        {onClose && (
          <Button variant="ghost" size="sm" onClick={onClose}>
            Close log
          </Button>
        )}
      </div>
      <JobLog key={jobLog.jobId} {...jobLog} />
    </div>
  );
}

function JobProgressBar({ done, total }: { done: number; total: number }) {
  const max = Math.max(total, 1);
  return (
    <div className="job-progress">
      <progress
        value={Math.min(done, max)}
        max={max}
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuenow={Math.min(done, max)}
        aria-valuemax={max}
        aria-valuetext={`${done} of ${total}`}
      />
      <span className="small muted">
        {done} / {total}
      </span>
    </div>
  );
}

/** Calls `onFinish` once per job, when it is first seen finished. */
function useOnFinish(job: JobView | undefined, onFinish: ((job: JobView) => void) | undefined) {
  const callback = useRef(onFinish);
  const called = useRef<string | null>(null);
  useEffect(() => {
    callback.current = onFinish;
  });
  useEffect(() => {
    if (!job || !isFinished(job.status) || called.current === job.id) return;
    called.current = job.id;
    callback.current?.(job);
  }, [job]);
}

/** Subscribes to a job's event stream: appends its output (dropping repeats) and keeps the job's query current. */
function useJobStream(jobId: string): { log: LogBuffer; streamFailed: boolean } {
  const queryClient = useQueryClient();
  const [log, setLog] = useState<LogBuffer>(EMPTY_LOG);
  const [streamFailed, setStreamFailed] = useState(false);
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    setLog(EMPTY_LOG);
    setStreamFailed(false);
    setEnded(false);
    if (typeof EventSource === 'undefined') return;

    let finished = false;
    let active = true;
    const source = new EventSource(jobPath(jobId, '/events'));
    source.onmessage = (message: MessageEvent<string>) => {
      let event: JobStreamEvent;
      try {
        event = JSON.parse(message.data) as JobStreamEvent;
      } catch {
        return;
      }
      if (event.type === 'output') {
        setLog((current) => appendOutput(current, event));
      } else if (event.type === 'job') {
        queryClient.setQueryData(jobKeys.detail(jobId), event.job);
        if (isFinished(event.job.status) && !finished) {
          finished = true;
          void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
        }
      }
    };
    source.onerror = () => {
      // The server ends the stream after the job finishes (the last output follows the final status), which
      // EventSource reports as an error and would reconnect from; it also retries by itself after a dropped
      // connection, and the byte offsets drop the output it sends again.
      if (finished) {
        source.close();
        setEnded(true);
      } else if (source.readyState === EventSource.CLOSED) {
        // Refused for good (the job is gone, or the session ended): show what the plain log endpoint has.
        setStreamFailed(true);
        void queryClient.invalidateQueries({ queryKey: jobKeys.detail(jobId) });
        fetchJobLog(jobId)
          .then((text) => active && setLog((current) => keepLonger(current, fromFullLog(text))))
          .catch(() => undefined);
      }
    };
    return () => {
      active = false;
      source.close();
    };
  }, [jobId, queryClient]);

  // Output that never came through the stream: read the finished job's whole log instead.
  useEffect(() => {
    if (!ended || !log.gap) return;
    let active = true;
    fetchJobLog(jobId)
      .then((text) => {
        if (active) setLog((current) => keepLonger(current, fromFullLog(text)));
      })
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, [ended, log.gap, jobId]);

  return { log, streamFailed };
}

const keepLonger = (current: LogBuffer, full: LogBuffer): LogBuffer => (full.end >= current.end ? full : current);
