import { Link } from 'react-router-dom';
import { Button } from '../../components/Button';
import { isFinished, useWatchedJob } from '../jobs/hooks';
import { useReloadWebApp } from './hooks';

/**
 * "Reload <domain>" in the editor of a file under the app's source directory: saves unsaved changes first, then
 * reloads the app and follows the reload job to its end.
 */
export function ReloadWebAppButton({ domain, beforeReload }: { domain: string; beforeReload: () => Promise<boolean> }) {
  const reload = useReloadWebApp();
  const job = useWatchedJob(reload.data?.id, reload.data);
  const status = job.data?.status;
  const running = reload.isPending || (status !== undefined && !isFinished(status));

  const onClick = async () => {
    if (!(await beforeReload())) return;
    reload.mutate(domain);
  };

  return (
    <span className="files-reload">
      <Button variant="secondary" onClick={() => void onClick()} loading={running}>
        Reload {domain}
      </Button>
      <span className="small" role="status">
        {running && 'Reloading…'}
        {status === 'succeeded' && `✓ ${domain} reloaded`}
        {(status === 'failed' || status === 'cancelled') && (
          <span className="files-error-text">
            {job.data?.error ?? 'The reload failed.'} <Link to={`/web/${encodeURIComponent(domain)}`}>See the logs</Link>
          </span>
        )}
        {reload.error && <span className="files-error-text">{reload.error.message}</span>}
      </span>
    </span>
  );
}
