import type { ConsoleView } from '@panel/contracts';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '../../components/Button';
import { ConsoleTerminal, type TerminalStatus } from '../consoles/ConsoleTerminal';
import '../consoles/consoles.css';

const STATUS_TEXT: Record<TerminalStatus['kind'], string> = {
  connecting: 'Connecting…',
  connected: 'Running',
  exited: 'Finished',
  reconnecting: 'Reconnecting…',
  closed: 'Closed',
};

/** The console "Save and run" started, below the editor as on PythonAnywhere; it stays a console of its own. */
export function RunConsolePanel({ console, onClose }: { console: ConsoleView; onClose: () => void }) {
  const [status, setStatus] = useState<TerminalStatus>({ kind: 'connecting' });
  const ref = useRef<HTMLElement>(null);
  // Below a tall editor the console starts out of sight: bring it into view once.
  useEffect(() => ref.current?.scrollIntoView?.({ block: 'nearest' }), []);
  return (
    <section ref={ref} className="files-run-console" aria-label={console.name}>
      <div className="files-run-console-head">
        <strong className="mono">{console.name}</strong>
        <span className="small muted" role="status">
          {status.kind === 'exited' && status.exitStatus !== null ? `Finished (exit ${status.exitStatus})` : STATUS_TEXT[status.kind]}
        </span>
        <span className="files-run-console-actions">
          <Link className="btn btn-secondary btn-sm" to={console.url}>
            Open in its own page
          </Link>
          <Button size="sm" variant="ghost" onClick={onClose} aria-label="Hide the console">
            Hide
          </Button>
        </span>
      </div>
      {status.kind !== 'closed' ? <ConsoleTerminal consoleId={console.id} onStatus={setStatus} /> : <p className="small">{status.message}</p>}
    </section>
  );
}
