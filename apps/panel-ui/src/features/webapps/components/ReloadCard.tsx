import { isFinished, useWatchedJob } from '../../jobs/hooks';
import type { WebAppView } from '@panel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../components/Button';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { JobLog } from '../../../components/JobLog';
import { formatFullDateTime, formatRelative } from '../../../lib/format';
import { refreshWebApps, useActiveJob, useWebAppAction } from '../hooks';
import { describeWebAppJob } from '../webappText';
import { WebAppStatusBadge } from './WebAppStatusBadge';

/**
 * The top of an app's page: its address, status, the big green Reload button (with a spinner while the reload job
 * runs, then its outcome) and the log of the latest job on the app.
 */
export function ReloadCard({ app }: { app: WebAppView }) {
  const queryClient = useQueryClient();
  const reload = useWebAppAction(app.domain, 'reload');
  const activeJob = useActiveJob(app.domain).data;
  const active = useWatchedJob(activeJob?.id, activeJob ?? undefined).data;

  // A reload started elsewhere (saving the WSGI file, the API) after the one this page knows: follow that one.
  const [baseline, setBaseline] = useState({ forJob: activeJob?.id, last: app.lastReloadJobId });
  if (baseline.forJob !== activeJob?.id) setBaseline({ forJob: activeJob?.id, last: app.lastReloadJobId });
  const newerReload =
    app.lastReloadJobId !== null &&
    app.lastReloadJobId !== activeJob?.id &&
    app.lastReloadJobId !== baseline.last &&
    (!active || isFinished(active.status));

  const jobId = newerReload ? app.lastReloadJobId : (activeJob?.id ?? app.lastReloadJobId);
  const job = useWatchedJob(jobId, jobId === active?.id ? active : undefined).data;
  const running = Boolean(job && !isFinished(job.status));
  // The setup of a new app is shown with its log open; other jobs' logs open on request.
  const [showLog, setShowLog] = useState(() => Boolean(activeJob && !isFinished(activeJob.status)));
  const outcome = job ? describeWebAppJob(job, app.domain) : null;
  const fromThisVisit = Boolean(activeJob) || newerReload;

  // When the job ends, the app's status, last reload time and error (and for a setup, its virtualenv) changed.
  const lastStatus = useRef(job?.status);
  useEffect(() => {
    const previous = lastStatus.current;
    lastStatus.current = job?.status;
    if (job && isFinished(job.status) && previous && !isFinished(previous)) refreshWebApps(queryClient);
  }, [job, queryClient]);

  return (
    <section className="card reload-card" aria-labelledby="webapp-title">
      <div className="card-body">
        <div className="reload-head">
          <div className="reload-title">
            <h2 className="card-title" id="webapp-title">
              <a href={app.url} target="_blank" rel="noreferrer" className="webapp-domain">
                {app.domain}
              </a>
            </h2>
            <div className="reload-meta">
              <WebAppStatusBadge status={app.status} />
              <span className="small muted" title={formatFullDateTime(app.lastReloadedAt)}>
                {app.lastReloadedAt ? `Last reloaded ${formatRelative(app.lastReloadedAt)}` : 'Never reloaded'}
              </span>
              <span className="small muted">Python {app.pythonVersion}</span>
            </div>
            <div className="reload-site small">
              <a href={app.url} target="_blank" rel="noreferrer" className="mono">
                {app.url}
              </a>
              <a href={app.url} target="_blank" rel="noreferrer" className="btn btn-secondary btn-sm">
                Open site
              </a>
            </div>
          </div>
          <Button
            className="btn-reload"
            loading={reload.isPending || running}
            disabled={!app.enabled}
            title={app.enabled ? undefined : 'Enable the web app to run it.'}
            onClick={() => {
              reload.reset();
              reload.mutate();
            }}
          >
            Reload {app.domain}
          </Button>
        </div>
        <ErrorAlert error={reload.error} />
        {outcome && (fromThisVisit || outcome.tone === 'progress') ? (
          outcome.tone === 'error' ? (
            <div role="alert" className="alert alert-error" data-testid="reload-result">
              {outcome.text}
            </div>
          ) : (
            <div role="status" className={outcome.tone === 'success' ? 'alert alert-success' : 'alert alert-info'} data-testid="reload-result">
              {outcome.text}
            </div>
          )
        ) : null}
        {app.lastReloadError && !running && !(fromThisVisit && outcome?.tone === 'error') && (
          <div className="alert alert-error">
            <strong className="alert-title">The last reload failed</strong>
            <span data-testid="last-reload-error">{app.lastReloadError}</span>
          </div>
        )}
        {!app.enabled && <div className="notice">This web app is disabled. Enable it at the bottom of this page to serve it again.</div>}
        {jobId && (
          <div className="reload-log">
            <Button variant="ghost" size="sm" aria-expanded={showLog} onClick={() => setShowLog((v) => !v)}>
              {showLog ? 'Hide job log' : 'Show job log'}
            </Button>
            {showLog && <JobLog key={jobId} jobId={jobId} initialJob={job} onFinish={() => refreshWebApps(queryClient)} />}
          </div>
        )}
      </div>
    </section>
  );
}
