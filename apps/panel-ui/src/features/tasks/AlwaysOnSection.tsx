import type { AlwaysOnState, AlwaysOnTaskView } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/FormField';
import { Spinner } from '../../components/Spinner';
import { Badge, type BadgeTone } from '../../components/StatusBadge';
import { TableHead } from '../../components/TableHead';
import { TerminalOutput } from '../../components/TerminalOutput';
import { useAlwaysOnLog, useAlwaysOnTasks, useCreateAlwaysOn, useDeleteAlwaysOn, useRestartAlwaysOn, useUpdateAlwaysOn } from './hooks';

const STATE: Record<AlwaysOnState, { label: string; tone: BadgeTone }> = {
  starting: { label: 'Starting', tone: 'info' },
  running: { label: 'Running', tone: 'success' },
  paused: { label: 'Paused', tone: 'neutral' },
  crashing: { label: 'Crashing', tone: 'danger' },
};

export function AlwaysOnStateBadge({ task }: { task: AlwaysOnTaskView }) {
  const { label, tone } = STATE[task.state];
  const title = task.state === 'crashing' ? `It keeps exiting${task.lastExitCode !== null ? ` (last exit code ${task.lastExitCode})` : ''}; it is restarted with a growing delay.` : undefined;
  return (
    <Badge tone={tone} status={task.state} pulse={task.state === 'starting'} title={title}>
      {label}
    </Badge>
  );
}

/** The Tasks tab's always-on tasks: long-running commands kept running, with their state and the end of their log. */
export function AlwaysOnSection() {
  const tasks = useAlwaysOnTasks();
  const [shown, setShown] = useState<number | null>(null);
  const shownTask = tasks.data?.find((t) => t.id === shown) ?? null;
  return (
    <>
      <NewAlwaysOnCard />
      <Card title="Always-on tasks" description="Kept running: restarted when they exit, even while you are away.">
        <ErrorAlert error={tasks.error} />
        {tasks.isPending ? (
          <Spinner />
        ) : tasks.data && tasks.data.length === 0 ? (
          <p className="empty">You have no always-on tasks.</p>
        ) : tasks.data ? (
          <AlwaysOnTable tasks={tasks.data} onShowLog={setShown} />
        ) : null}
      </Card>
      {shownTask && <AlwaysOnLogCard task={shownTask} onClose={() => setShown(null)} />}
    </>
  );
}

function NewAlwaysOnCard() {
  const create = useCreateAlwaysOn();
  const [command, setCommand] = useState('');
  const [description, setDescription] = useState('');
  const [workingDirectory, setWorkingDirectory] = useState('');
  const [virtualenv, setVirtualenv] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { command, description, workingDirectory: workingDirectory.trim() || null, virtualenv: virtualenv.trim() || null },
      { onSuccess: () => [setCommand, setDescription, setWorkingDirectory, setVirtualenv].forEach((set) => set('')) },
    );
  };
  return (
    <Card title="Add an always-on task">
      <form className="task-form" onSubmit={submit} aria-label="New always-on task">
        <ErrorAlert error={create.error} title="Could not create the always-on task." />
        <TextField label="Always-on command" className="mono" placeholder="python3 /home/you/bot.py" value={command} onChange={(e) => setCommand(e.target.value)} required />
        <TextField label="Always-on description" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Discord bot" />
        <div className="task-form-row">
          <TextField label="Always-on working directory" className="mono" value={workingDirectory} onChange={(e) => setWorkingDirectory(e.target.value)} placeholder="your home" />
          <TextField label="Always-on virtualenv" className="mono" value={virtualenv} onChange={(e) => setVirtualenv(e.target.value)} placeholder="none" />
        </div>
        <div className="button-row">
          <Button type="submit" loading={create.isPending} disabled={!command.trim()}>
            Create always-on task
          </Button>
        </div>
      </form>
    </Card>
  );
}

function AlwaysOnTable({ tasks, onShowLog }: { tasks: AlwaysOnTaskView[]; onShowLog: (id: number) => void }) {
  const update = useUpdateAlwaysOn();
  const restart = useRestartAlwaysOn();
  const remove = useDeleteAlwaysOn();
  const [deleting, setDeleting] = useState<AlwaysOnTaskView | null>(null);
  return (
    <>
      <ErrorAlert error={update.error ?? restart.error} />
      <div className="table-wrap">
        <table className="table" aria-label="Always-on tasks">
          <TableHead columns={['Command', 'State', 'Restarts', { label: 'Actions', hidden: true }]} />
          <tbody>
            {tasks.map((t) => (
              <tr key={t.id} data-always-on={t.id}>
                <td>
                  <code className="task-command">{t.command}</code>
                  {t.description && <div className="muted">{t.description}</div>}
                </td>
                <td>
                  <AlwaysOnStateBadge task={t} />
                  {t.state === 'crashing' && t.lastExitCode !== null && <div className="muted task-run-message">Last exit code {t.lastExitCode}</div>}
                  {t.message && <div className="muted task-run-message">{t.message}</div>}
                </td>
                <td>{t.restarts}</td>
                <td>
                  <div className="button-row">
                    <Button size="sm" variant="secondary" onClick={() => onShowLog(t.id)}>
                      Log
                    </Button>
                    <Button size="sm" variant="secondary" onClick={() => restart.mutate(t.id)} disabled={!t.enabled} loading={restart.isPending && restart.variables === t.id}>
                      Restart
                    </Button>
                    <Button size="sm" variant="secondary" onClick={() => update.mutate({ id: t.id, changes: { enabled: !t.enabled } })} loading={update.isPending && update.variables?.id === t.id}>
                      {t.enabled ? 'Pause' : 'Enable'}
                    </Button>
                    <Button size="sm" variant="danger" onClick={() => setDeleting(t)}>
                      Delete
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this always-on task?"
        confirmLabel="Delete always-on task"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <p>
          <code>{deleting?.command}</code> is stopped. Its log {deleting?.logfile} stays in your files.
        </p>
      </ConfirmDialog>
    </>
  );
}

function AlwaysOnLogCard({ task, onClose }: { task: AlwaysOnTaskView; onClose: () => void }) {
  const log = useAlwaysOnLog(task.id);
  return (
    <Card
      title={`Log of always-on task ${task.id}`}
      description={`The end of ${task.logfile}.`}
      actions={
        <Button variant="secondary" size="sm" onClick={onClose}>
          Close
        </Button>
      }
    >
      <ErrorAlert error={log.error} />
      <TerminalOutput text={log.data?.log ?? ''} label={`Log of always-on task ${task.id}`} testId="always-on-log" placeholder="Nothing logged yet." />
    </Card>
  );
}
