import type { CreateScheduledTaskRequest, ScheduledTaskView, TaskInterval, TaskRunStatus, TaskRunView } from '@panel/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/FormField';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { Badge, type BadgeTone } from '../../components/StatusBadge';
import { TableHead } from '../../components/TableHead';
import { TerminalOutput } from '../../components/TerminalOutput';
import { formatDateTime, formatDurationMs, formatFullDateTime } from '../../lib/format';
import { AlwaysOnSection } from './AlwaysOnSection';
import { useCreateTask, useDeleteTask, useRunOutput, useRunTask, useTaskRuns, useTasks, useUpdateTask } from './hooks';
import './tasks.css';

const RUN_STATUS: Record<TaskRunStatus, { label: string; tone: BadgeTone }> = {
  queued: { label: 'Queued', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  skipped: { label: 'Skipped', tone: 'warning' },
};

export function RunStatusBadge({ status }: { status: TaskRunStatus }) {
  const { label, tone } = RUN_STATUS[status];
  return (
    <Badge tone={tone} status={status} pulse={status === 'running'}>
      {label}
    </Badge>
  );
}

/** "daily at 16:00 UTC", "hourly at :05", or the cron expression. */
export function scheduleText(task: Pick<ScheduledTaskView, 'interval' | 'hour' | 'minute' | 'cron' | 'printableTime'>): string {
  if (task.interval === 'daily') return `Daily at ${task.printableTime} UTC`;
  if (task.interval === 'hourly') return `Hourly at :${String(task.minute ?? 0).padStart(2, '0')}`;
  return `Cron ${task.cron} (UTC)`;
}

function utcNow() {
  return new Date().toISOString().slice(11, 16);
}

export function TasksPage() {
  const tasks = useTasks();
  const [editing, setEditing] = useState<ScheduledTaskView | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const shown = tasks.data?.find((t) => t.id === selected) ?? null;
  return (
    <>
      <PageHeader
        title="Tasks"
        description={`Commands that run on a schedule in your account, as you, even when you are away. Times are UTC (it is ${utcNow()} UTC now). A path to a .py file runs with Python; anything else runs in bash. Always-on tasks below are kept running.`}
      />
      <div className="grid">
        <TaskFormCard key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />
        <Card
          title="Scheduled tasks"
          actions={
            <Button variant="secondary" size="sm" onClick={() => void tasks.refetch()} loading={tasks.isFetching && !tasks.isPending}>
              Refresh
            </Button>
          }
        >
          <ErrorAlert error={tasks.error} />
          {tasks.isPending ? (
            <Spinner />
          ) : tasks.data && tasks.data.length === 0 ? (
            <p className="empty">You have no scheduled tasks. Add one above.</p>
          ) : tasks.data ? (
            <TasksTable tasks={tasks.data} onEdit={setEditing} onShowRuns={setSelected} selected={selected} />
          ) : null}
        </Card>
        {shown && <RunsCard task={shown} onClose={() => setSelected(null)} />}
        <AlwaysOnSection />
      </div>
    </>
  );
}

interface FormState {
  command: string;
  interval: TaskInterval;
  hour: string;
  minute: string;
  cron: string;
  description: string;
  workingDirectory: string;
  virtualenv: string;
  timeLimitSeconds: string;
}

const emptyForm: FormState = { command: '', interval: 'daily', hour: '0', minute: '0', cron: '', description: '', workingDirectory: '', virtualenv: '', timeLimitSeconds: '' };

function formFrom(task: ScheduledTaskView): FormState {
  return {
    command: task.command,
    interval: task.interval,
    hour: String(task.hour ?? 0),
    minute: String(task.minute ?? 0),
    cron: task.cron ?? '',
    description: task.description,
    workingDirectory: task.workingDirectory,
    virtualenv: task.virtualenv ?? '',
    timeLimitSeconds: String(task.timeLimitSeconds),
  };
}

/** The request from the form: numbers as numbers, empty optional fields left out (the server's defaults apply). */
export function requestFrom(form: FormState): CreateScheduledTaskRequest {
  const number = (s: string) => (s.trim() === '' ? undefined : Number(s));
  return {
    command: form.command,
    interval: form.interval,
    description: form.description,
    ...(form.interval === 'daily' ? { hour: number(form.hour) } : {}),
    ...(form.interval !== 'cron' ? { minute: number(form.minute) } : { cron: form.cron }),
    workingDirectory: form.workingDirectory.trim() || null,
    virtualenv: form.virtualenv.trim() || null,
    timeLimitSeconds: number(form.timeLimitSeconds) ?? null,
  };
}

function TaskFormCard({ editing, onDone }: { editing: ScheduledTaskView | null; onDone: () => void }) {
  const create = useCreateTask();
  const update = useUpdateTask();
  const [form, setForm] = useState<FormState>(editing ? formFrom(editing) : emptyForm);
  const set = (key: keyof FormState) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));
  const mutation = editing ? update : create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = requestFrom(form);
    if (editing) update.mutate({ id: editing.id, changes: body }, { onSuccess: onDone });
    else create.mutate(body, { onSuccess: () => setForm(emptyForm) });
  };

  return (
    <Card title={editing ? `Edit task ${editing.id}` : 'Schedule a new task'}>
      <form className="task-form" onSubmit={submit} aria-label={editing ? 'Edit task' : 'New task'}>
        <ErrorAlert error={mutation.error} title={editing ? 'Could not save the task.' : 'Could not create the task.'} />
        <TextField
          label="Command"
          className="mono"
          placeholder={'/home/you/scraper.py  or  cd mysite && python3 nightly.py'}
          value={form.command}
          onChange={set('command')}
          required
        />
        <div className="task-form-row">
          <SelectField label="Frequency" value={form.interval} onChange={set('interval')}>
            <option value="daily">Daily</option>
            <option value="hourly">Hourly</option>
            <option value="cron">Cron expression</option>
          </SelectField>
          {form.interval === 'daily' && <TextField label="Hour (UTC)" type="number" min={0} max={23} value={form.hour} onChange={set('hour')} />}
          {form.interval !== 'cron' && <TextField label="Minute" type="number" min={0} max={59} value={form.minute} onChange={set('minute')} />}
          {form.interval === 'cron' && <TextField label="Cron expression (UTC)" className="mono" placeholder="*/15 * * * *" value={form.cron} onChange={set('cron')} hint="minute hour day month weekday" />}
        </div>
        <TextField label="Description" value={form.description} onChange={set('description')} placeholder="Nightly scrape" />
        <div className="task-form-row">
          <TextField label="Working directory" className="mono" value={form.workingDirectory} onChange={set('workingDirectory')} placeholder="your home" />
          <TextField label="Virtualenv" className="mono" value={form.virtualenv} onChange={set('virtualenv')} placeholder="none" hint="A name in ~/.virtualenvs." />
          <TextField label="Time limit (seconds)" type="number" min={10} value={form.timeLimitSeconds} onChange={set('timeLimitSeconds')} placeholder="the platform's" />
        </div>
        <div className="button-row">
          <Button type="submit" loading={mutation.isPending} disabled={!form.command.trim()}>
            {editing ? 'Save changes' : 'Create task'}
          </Button>
          {editing && (
            <Button variant="secondary" onClick={onDone}>
              Cancel
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}

function TasksTable({ tasks, onEdit, onShowRuns, selected }: { tasks: ScheduledTaskView[]; onEdit: (t: ScheduledTaskView) => void; onShowRuns: (id: number) => void; selected: number | null }) {
  const run = useRunTask();
  const update = useUpdateTask();
  const remove = useDeleteTask();
  const [deleting, setDeleting] = useState<ScheduledTaskView | null>(null);
  return (
    <>
      <ErrorAlert error={run.error ?? update.error} />
      <div className="table-wrap">
        <table className="table" aria-label="Scheduled tasks">
          <TableHead columns={['Command', 'When', 'Next run', 'Last run', { label: 'Actions', hidden: true }]} />
          <tbody>
            {tasks.map((t) => (
              <tr key={t.id} data-task={t.id} className={selected === t.id ? 'row-selected' : undefined}>
                <td>
                  <code className="task-command">{t.command}</code>
                  {t.description && <div className="muted">{t.description}</div>}
                </td>
                <td>
                  {scheduleText(t)}
                  {!t.enabled && (
                    <>
                      {' '}
                      <Badge tone="warning" status="disabled">
                        Disabled
                      </Badge>
                    </>
                  )}
                </td>
                <td title={formatFullDateTime(t.nextRunAt)}>{t.enabled ? formatDateTime(t.nextRunAt) : '—'}</td>
                <td>{t.lastRun ? <RunStatusBadge status={t.lastRun.status} /> : <span className="muted">never</span>}</td>
                <td>
                  <div className="button-row">
                    <Button size="sm" onClick={() => run.mutate(t.id, { onSuccess: () => onShowRuns(t.id) })} loading={run.isPending && run.variables === t.id}>
                      Run now
                    </Button>
                    <Button size="sm" variant="secondary" onClick={() => onShowRuns(t.id)} aria-label={`Runs of task ${t.id}`}>
                      Runs
                    </Button>
                    <Button size="sm" variant="secondary" onClick={() => onEdit(t)}>
                      Edit
                    </Button>
                    <Button size="sm" variant="secondary" onClick={() => update.mutate({ id: t.id, changes: { enabled: !t.enabled } })} loading={update.isPending && update.variables?.id === t.id}>
                      {t.enabled ? 'Disable' : 'Enable'}
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
        title="Delete this task?"
        confirmLabel="Delete task"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <p>
          <code>{deleting?.command}</code> will not run again, and its runs are forgotten. Its log {deleting?.logfile} stays in your files.
        </p>
      </ConfirmDialog>
    </>
  );
}

function runDuration(run: TaskRunView): string {
  return run.durationMs !== null ? formatDurationMs(run.durationMs) : '—';
}

function RunsCard({ task, onClose }: { task: ScheduledTaskView; onClose: () => void }) {
  const runs = useTaskRuns(task.id);
  const [open, setOpen] = useState<string | null>(null);
  // The newest run is shown until the user picks another.
  const newest = runs.data?.[0]?.id ?? null;
  useEffect(() => setOpen(null), [task.id]);
  const shown = open ?? newest;
  return (
    <Card
      title={`Runs of task ${task.id}`}
      description={`Each run's output is also appended to ${task.logfile}.`}
      actions={
        <Button variant="secondary" size="sm" onClick={onClose}>
          Close
        </Button>
      }
    >
      <ErrorAlert error={runs.error} />
      {runs.isPending ? (
        <Spinner />
      ) : runs.data && runs.data.length === 0 ? (
        <p className="empty">No runs yet. Press “Run now”, or wait for {scheduleText(task).toLowerCase()}.</p>
      ) : runs.data ? (
        <>
          <div className="table-wrap">
            <table className="table" aria-label={`Runs of task ${task.id}`}>
              <TableHead columns={['Started', 'Status', 'Exit code', 'Duration', 'Trigger', { label: 'Log', hidden: true }]} />
              <tbody>
                {runs.data.map((r) => (
                  <tr key={r.id} data-run={r.id} className={shown === r.id ? 'row-selected' : undefined}>
                    <td title={formatFullDateTime(r.startedAt ?? r.createdAt)}>{formatDateTime(r.startedAt ?? r.dueAt ?? r.createdAt)}</td>
                    <td>
                      <RunStatusBadge status={r.status} />
                      {r.message && <div className="muted task-run-message">{r.message}</div>}
                    </td>
                    <td>{r.exitCode ?? '—'}</td>
                    <td>{runDuration(r)}</td>
                    <td>{r.trigger === 'manual' ? 'Run now' : 'Schedule'}</td>
                    <td>
                      <Button size="sm" variant="ghost" onClick={() => setOpen(r.id)} disabled={r.status === 'skipped'}>
                        Log
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown && <RunLog key={shown} taskId={task.id} runId={shown} />}
        </>
      ) : null}
    </Card>
  );
}

function RunLog({ taskId, runId }: { taskId: number; runId: string }) {
  const { text, run, error } = useRunOutput(taskId, runId);
  return (
    <div className="task-run-log">
      <ErrorAlert error={error} />
      <TerminalOutput
        text={text}
        label={`Output of run ${runId}`}
        testId="task-run-output"
        placeholder={run && (run.status === 'queued' || run.status === 'running') ? 'Waiting for output…' : 'No output.'}
      />
    </div>
  );
}
