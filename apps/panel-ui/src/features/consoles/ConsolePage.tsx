import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Spinner } from '../../components/Spinner';
import { Badge } from '../../components/StatusBadge';
import { ConsoleTerminal, type TerminalStatus } from './ConsoleTerminal';
import { ConsoleName } from './ConsolesListPage';
import { CONSOLE_KIND_LABEL, CONSOLE_STATE_LABEL } from './consoleSocket';
import { useConsole, useKillConsole } from './hooks';
import { usePageTitle } from '../../lib/usePageTitle';

/** One console in its own page: /consoles/:id. */
export function ConsolePage() {
  const params = useParams();
  const id = /^\d+$/.test(params.id ?? '') ? Number(params.id) : NaN;
  const consoleQuery = useConsole(id);
  const kill = useKillConsole();
  const navigate = useNavigate();
  const [status, setStatus] = useState<TerminalStatus>({ kind: 'connecting' });
  const [restartSignal, setRestartSignal] = useState(0);
  const [confirmKill, setConfirmKill] = useState(false);
  usePageTitle(consoleQuery.data?.name ?? 'Console', 'thing');

  if (Number.isNaN(id) || (isApiError(consoleQuery.error) && consoleQuery.error.status === 404)) {
    return (
      <div className="console-page">
        <p className="breadcrumb">
          <Link to="/consoles">Consoles</Link>
        </p>
        <ErrorAlert error="There is no such console: it may have been killed." />
      </div>
    );
  }
  const c = consoleQuery.data;
  const state = status.kind === 'exited' ? 'exited' : status.kind === 'connected' ? 'running' : (c?.state ?? 'unknown');

  return (
    <div className="console-page">
      <div className="console-header">
        <div className="console-title">
          <Link to="/consoles" className="breadcrumb">
            Consoles
          </Link>
          {c ? <ConsoleName console={c} asLink={false} /> : <Spinner />}
          {c ? (
            <span className="muted small">
              {CONSOLE_KIND_LABEL[c.kind]}
              {c.kind === 'python' ? ` ${c.pythonVersion}` : ''} · <span className="mono">{c.workingDirectory}</span>
            </span>
          ) : null}
          <Badge tone={CONSOLE_STATE_LABEL[state].tone}>{CONSOLE_STATE_LABEL[state].label}</Badge>
        </div>
        <div className="button-row">
          {status.kind === 'exited' || state === 'exited' ? (
            <Button size="sm" onClick={() => setRestartSignal((n) => n + 1)}>
              Restart
            </Button>
          ) : null}
          <Button size="sm" variant="danger" onClick={() => setConfirmKill(true)} disabled={!c}>
            Kill
          </Button>
        </div>
      </div>
      <ErrorAlert error={consoleQuery.error} />
      {status.kind === 'reconnecting' ? (
        <div className="alert alert-info console-status" role="status">
          {status.message}
        </div>
      ) : null}
      {status.kind === 'exited' ? (
        <div className="alert alert-info console-status" role="status">
          The console&apos;s program exited{status.exitStatus !== null ? ` with status ${status.exitStatus}` : ''}. Restart it to run it again.
        </div>
      ) : null}
      {status.kind === 'closed' ? <ErrorAlert error={status.message} /> : null}
      {status.kind !== 'closed' ? <ConsoleTerminal consoleId={id} onStatus={setStatus} restartSignal={restartSignal} /> : null}
      <ConfirmDialog
        open={confirmKill}
        title="Kill this console?"
        confirmLabel="Kill console"
        busy={kill.isPending}
        error={kill.error}
        onCancel={() => {
          kill.reset();
          setConfirmKill(false);
        }}
        onConfirm={() => kill.mutate(id, { onSuccess: () => navigate('/consoles') })}
      >
        Its program stops and its output is gone.
      </ConfirmDialog>
    </div>
  );
}
