import { JobName, type EnvironmentFreezeView, type EnvironmentView, type JobView } from '@panel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { JobLog, JobLogPanel } from '../../components/JobLog';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { formatBytes, formatDateTime, formatFullDateTime } from '../../lib/format';
import { isFinished, useWatchedJob } from '../jobs/hooks';
import { EnvironmentJobsCard } from './components/EnvironmentJobsCard';
import { measuredText } from './measured';
import { EnvironmentStatusBadge } from './components/EnvironmentStatusBadge';
import { InstallPackagesForm } from './components/InstallPackagesForm';
import { refreshEnvironment, useDeleteEnvironment, useEnvironmentFreeze, useEnvironmentJobs, useEnvironments, useUninstallPackages } from './hooks';
import { TableHead } from '../../components/TableHead';

type FrozenPackageView = EnvironmentFreezeView['packages'][number];

/** /environments/:name: one environment's packages, install and uninstall, job history and deletion. */
export function EnvironmentDetailPage() {
  const { name = '' } = useParams();
  const environments = useEnvironments();
  const env = environments.data?.find((e) => e.name === name);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/environments">← All environments</Link>
      </p>
      <PageHeader
        title={name}
        description={
          env ? (
            <>
              <span className="mono">{env.path}</span>
            </>
          ) : undefined
        }
      />
      <ErrorAlert error={environments.error} />
      {environments.isPending ? (
        <Spinner />
      ) : env ? (
        <EnvironmentDetail key={env.name} env={env} />
      ) : environments.data ? (
        <div className="notice">
          There is no environment named <strong>{name}</strong>. <Link to="/environments">See your environments.</Link>
        </div>
      ) : null}
    </>
  );
}

function EnvironmentDetail({ env }: { env: EnvironmentView }) {
  const queryClient = useQueryClient();
  const [startedJob, setCurrentJob] = useState<JobView | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  // Coming back while an install or uninstall runs (started here earlier, or by the API) shows its live log again.
  const history = useEnvironmentJobs(env.name);
  const unfinished = history.data?.find((job) => job.name !== JobName.EnvironmentBuild && !isFinished(job.status) && job.id !== dismissed);
  const currentJob = startedJob ?? unfinished ?? null;
  const watched = useWatchedJob(currentJob?.id, currentJob ?? undefined);
  const jobRunning = Boolean(currentJob && watched.data && !isFinished(watched.data.status));
  const usable = env.status === 'ready' || env.status === 'broken';

  return (
    <div className="grid">
      <SummaryCard env={env} />
      {(env.status === 'building' || env.status === 'failed') && env.lastJobId && (
        <BuildCard env={env} jobId={env.lastJobId} />
      )}
      {usable && (
        <>
          <PackagesCard env={env} busy={jobRunning} onStarted={setCurrentJob} />
          <Card title="Install packages" description="Runs pip install in the environment as a job.">
            <InstallPackagesForm name={env.name} disabled={jobRunning} onStarted={setCurrentJob} />
            {currentJob && (
              <JobLogPanel
                heading="Current job"
                onClose={
                  jobRunning
                    ? undefined
                    : () => {
                        setDismissed(currentJob.id);
                        setCurrentJob(null);
                      }
                }
                jobId={currentJob.id}
                initialJob={currentJob}
                onFinish={() => refreshEnvironment(queryClient, env.name)}
              />
            )}
          </Card>
        </>
      )}
      <EnvironmentJobsCard name={env.name} />
    </div>
  );
}

/** The build's live log under a heading that follows the job, not the environment row read before it ended. */
function BuildCard({ env, jobId }: { env: EnvironmentView; jobId: string }) {
  const queryClient = useQueryClient();
  const job = useWatchedJob(jobId);
  const status = job.data?.status;
  const heading = status === 'succeeded' ? 'Built' : status === 'failed' || env.status === 'failed' ? 'The build failed' : status === 'cancelled' ? 'The build was cancelled' : 'Building';
  return (
    <Card title={heading} description="The build job's log.">
      <JobLog key={jobId} jobId={jobId} title={`Build ${env.name}`} onFinish={() => refreshEnvironment(queryClient, env.name)} />
    </Card>
  );
}

function SummaryCard({ env }: { env: EnvironmentView }) {
  const remove = useDeleteEnvironment();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const close = () => {
    setConfirming(false);
    remove.reset();
  };

  return (
    <Card
      title="Environment"
      actions={
        <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
          Delete environment
        </Button>
      }
    >
      <dl className="details">
        <div>
          <dt>Python version</dt>
          <dd>{env.pythonVersion ? `Python ${env.pythonVersion}` : 'Unknown'}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <EnvironmentStatusBadge status={env.status} />
          </dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>
            {env.sizeBytes === null ? '—' : formatBytes(env.sizeBytes)} <span className="muted small" title={formatFullDateTime(env.measuredAt)}>({measuredText(env)})</span>
          </dd>
        </div>
        <div>
          <dt>Packages</dt>
          <dd>{env.packageCount ?? '—'}</dd>
        </div>
        <div>
          <dt>Used by</dt>
          <dd>{env.usedBy.length ? <span className="mono">{env.usedBy.join(', ')}</span> : 'No web app'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd title={formatFullDateTime(env.createdAt)}>{formatDateTime(env.createdAt)}</dd>
        </div>
      </dl>
      {env.status === 'ready' && (
        <p className="hint-box">
          Use it in a bash console with <code>workon {env.name}</code>
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Delete the environment ${env.name}?`}
        confirmLabel="Delete"
        busy={remove.isPending}
        error={remove.error}
        onCancel={close}
        onConfirm={() => remove.mutate(env.name, { onSuccess: () => navigate('/environments') })}
      >
        <p>
          This deletes <span className="mono">{env.path}</span> and every package in it. Web apps must not use it.
        </p>
      </ConfirmDialog>
    </Card>
  );
}

function PackagesCard({ env, busy, onStarted }: { env: EnvironmentView; busy: boolean; onStarted: (job: JobView) => void }) {
  const freeze = useEnvironmentFreeze(env.name);
  const uninstall = useUninstallPackages(env.name);
  const [removing, setRemoving] = useState<FrozenPackageView | null>(null);
  const close = () => {
    setRemoving(null);
    uninstall.reset();
  };

  return (
    <Card
      title="Packages"
      description={<>What <code>pip freeze</code> says is installed.</>}
      actions={
        <Button variant="secondary" size="sm" onClick={() => void freeze.refetch()} loading={freeze.isFetching && !freeze.isPending}>
          Refresh
        </Button>
      }
    >
      <ErrorAlert error={freeze.error} />
      {freeze.isPending ? (
        <Spinner />
      ) : freeze.data ? (
        <div className="packages">
          <pre className="freeze" data-testid="pip-freeze" aria-label="pip freeze" tabIndex={0}>
            {freeze.data.text || '# no packages installed'}
          </pre>
          {freeze.data.packages.length > 0 && (
            <div className="table-wrap">
              <table className="table" aria-label="Installed packages">
                <TableHead columns={['Package', 'Version', { label: 'Actions', hidden: true }]} />
                <tbody>
                  {freeze.data.packages.map((pkg) => (
                    <tr key={pkg.name}>
                      <td className="mono">{pkg.name}</td>
                      <td className="mono">{pkg.version}</td>
                      <td className="cell-actions">
                        <Button variant="danger" size="sm" aria-label={`Uninstall ${pkg.name}`} disabled={busy} onClick={() => setRemoving(pkg)}>
                          Uninstall
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={`Uninstall ${removing?.name ?? ''}?`}
        confirmLabel="Uninstall"
        busy={uninstall.isPending}
        error={uninstall.error}
        onCancel={close}
        onConfirm={() =>
          removing &&
          uninstall.mutate([removing.name], {
            onSuccess: (job) => {
              close();
              onStarted(job);
            },
          })
        }
      >
        <p>
          Runs <code>pip uninstall {removing?.name}</code> in {env.name}. Packages that depend on it may stop working.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
