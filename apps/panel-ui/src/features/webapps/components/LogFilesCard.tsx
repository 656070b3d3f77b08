import { WEBAPP_LOG_KINDS, type WebAppLogKind, type WebAppView } from '@panel/contracts';
import { useId, useState } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Spinner } from '../../../components/Spinner';
import { TerminalOutput } from '../../../components/TerminalOutput';
import { useWebAppLog } from '../hooks';

const LOG_LABELS: Record<WebAppLogKind, string> = { access: 'Access log', error: 'Error log', server: 'Server log' };

/** "Log files": the access, error and server logs; the one shown is followed live (read again every 2 s). */
export function LogFilesCard({ app }: { app: WebAppView }) {
  const [kind, setKind] = useState<WebAppLogKind | null>(null);
  const baseId = useId();

  return (
    <Card
      title="Log files"
      description="The newest 64 KiB of each log, as in /var/log in your consoles. The one you open is followed live. A log that grows large is rotated: older lines move to <log>.1, then <log>.2.gz and on."
      actions={
        kind && (
          <Button variant="ghost" size="sm" onClick={() => setKind(null)}>
            Hide log
          </Button>
        )
      }
    >
      <div role="tablist" aria-label="Log files" className="log-tabs">
        {WEBAPP_LOG_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`${baseId}-tab-${k}`}
            aria-selected={kind === k}
            aria-controls={kind === k ? `${baseId}-panel` : undefined}
            className={kind === k ? 'log-tab active' : 'log-tab'}
            onClick={() => setKind(kind === k ? null : k)}
          >
            {LOG_LABELS[k]}
          </button>
        ))}
      </div>
      {kind && (
        <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${kind}`}>
          <LogView domain={app.domain} kind={kind} />
        </div>
      )}
    </Card>
  );
}

function LogView({ domain, kind }: { domain: string; kind: WebAppLogKind }) {
  const log = useWebAppLog(domain, kind);

  return (
    <div className="log-view">
      <div className="log-view-bar small muted">
        <span className="mono">{log.data?.path}</span>
        <span className="live-dot">
          <span className="badge-pulse" aria-hidden="true" /> followed live
        </span>
      </div>
      <ErrorAlert error={log.error} />
      {log.isPending ? (
        <Spinner />
      ) : (
        <TerminalOutput text={log.data?.text ?? ''} placeholder="The log is empty." label={LOG_LABELS[kind]} testId={`log-${kind}`} />
      )}
    </div>
  );
}
