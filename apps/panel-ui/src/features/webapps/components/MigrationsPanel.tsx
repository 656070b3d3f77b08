import type { JobView, MigrationStatusView, RunMigrationRequest, WebAppView } from '@panel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField, TextField } from '../../../components/FormField';
import { JobLog } from '../../../components/JobLog';
import { Badge, StatusBadge } from '../../../components/StatusBadge';
import { formatFullDateTime, formatRelative } from '../../../lib/format';
import { isFinished, useWatchedJob } from '../../jobs/hooks';
import { refreshWebApps, useMigrationStatus, useRefreshMigrationStatus, useRunMigration, webappKeys } from '../hooks';
import {
  currentRevisionText,
  describeMigrationRequest,
  migrationActionLabel,
  pendingSummary,
  revisionOptions,
  revisionState,
  shortRevision,
} from '../migrationsText';
import './migrations.css';
import { TableHead } from '../../../components/TableHead';

type Confirmable = Extract<RunMigrationRequest, { action: 'downgrade' | 'stamp' }>;

/** The shown job: one started here (with the request, for its title) or one picked from the history. */
interface ShownJob {
  id: string;
  title: string;
  initial?: JobView;
}

/**
 * Flask-Migrate / Alembic for one web app: whether migrations are set up, the database's revision, the revisions
 * (pending ones highlighted), the actions (each a job whose live log is shown), and the history of actions.
 */
export function MigrationsPanel({ app }: { app: WebAppView }) {
  const queryClient = useQueryClient();
  const status = useMigrationStatus(app.domain);
  const run = useRunMigration(app.domain);
  const refresh = useRefreshMigrationStatus(app.domain);
  const [shown, setShown] = useState<ShownJob | null>(null);
  const [confirm, setConfirm] = useState<Confirmable | null>(null);
  const shownJob = useWatchedJob(shown?.id, shown?.initial).data;
  const busy = run.isPending || refresh.isPending || Boolean(shownJob && !isFinished(shownJob.status) && shown?.initial);

  const start = (request: RunMigrationRequest, onStarted?: () => void) => {
    run.reset();
    run.mutate(request, {
      onSuccess: (job) => {
        setShown({ id: job.id, title: describeMigrationRequest(request), initial: job });
        setConfirm(null);
        onStarted?.();
      },
    });
  };

  /** Reads the database's revision again (for changes made in a console); the status follows once the job ends. */
  const startRefresh = () => {
    refresh.reset();
    refresh.mutate(undefined, { onSuccess: (job) => setShown({ id: job.id, title: 'Refresh: read the database revision', initial: job }) });
  };

  const onJobFinished = () => {
    void queryClient.invalidateQueries({ queryKey: webappKeys.migrations(app.domain) });
    refreshWebApps(queryClient); // also the job lists
  };

  if (status.isPending) return <p className="muted small">Loading migrations…</p>;
  if (status.isError) return <ErrorAlert error={status.error} title="Could not read this app's migrations" />;
  const view = status.data;

  return (
    <div className="stack migrations">
      <MigrationSetup view={view} />
      <CurrentRevision view={view} busy={busy} onRefresh={startRefresh} />
      <ErrorAlert error={refresh.error} title="Could not start the refresh" />
      {view.revisions.length > 0 && <RevisionsTable view={view} />}
      <MigrationActions view={view} busy={busy} start={start} askConfirm={setConfirm} />
      <ErrorAlert error={confirm ? undefined : run.error} />
      {shown && (
        <div className="stack">
          <JobLog key={shown.id} jobId={shown.id} initialJob={shown.initial} title={shown.title} onFinish={onJobFinished} />
        </div>
      )}
      <MigrationHistory
        view={view}
        shownId={shown?.id}
        onShow={(entry) => setShown({ id: entry.jobId, title: `${migrationActionLabel(entry.action)}${entry.detail ? `: ${entry.detail}` : ''}` })}
      />
      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.action === 'stamp' ? 'Stamp the database?' : 'Downgrade the database?'}
        confirmLabel={confirm?.action === 'stamp' ? 'Stamp' : 'Downgrade'}
        busy={run.isPending}
        error={run.error}
        onCancel={() => {
          setConfirm(null);
          run.reset();
        }}
        onConfirm={() => confirm && start(confirm)}
      >
        {confirm?.action === 'stamp' ? (
          <p>
            Stamping records <strong>{confirm.revision}</strong> as the database's revision without running any migration.
            If the tables do not match that revision, later upgrades will fail or skip changes.
          </p>
        ) : (
          <p>
            {confirm?.revision === '-1' ? 'Downgrading one step' : <>Downgrading to <strong>{confirm?.revision}</strong></>} runs the
            migrations' downgrade code: tables and columns they added may be dropped, <strong>with their data</strong>. Back up
            the database first if its data matters.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}

function MigrationSetup({ view }: { view: MigrationStatusView }) {
  return (
    <dl className="migrations-facts">
      <dt>Migrations</dt>
      <dd data-testid="migrations-configured">
        {view.configured ? (
          <>
            Set up in <code>{view.directory}</code>
          </>
        ) : (
          <>
            Not set up: no migrations folder at <code>{view.directory}</code>
          </>
        )}
      </dd>
      <dt>
        <code>FLASK_APP</code>
      </dt>
      <dd>{view.flaskApp ? <code>{view.flaskApp}</code> : <span className="muted">Not found (the WSGI file has no <code>from … import app</code>)</span>}</dd>
    </dl>
  );
}

function CurrentRevision({ view, busy, onRefresh }: { view: MigrationStatusView; busy: boolean; onRefresh: () => void }) {
  const database = view.database;
  const failed = database.state === 'unreachable' || database.state === 'error';
  return (
    <dl className="migrations-facts">
      <dt>Database revision</dt>
      <dd>
        <span data-testid="migrations-current">
          {database.state === 'read' ? <code>{currentRevisionText(view)}</code> : currentRevisionText(view)}
        </span>
        {database.readAt && (
          <span className="small muted" title={formatFullDateTime(database.readAt)}>
            {' '}
            {failed ? 'tried' : 'read'} {formatRelative(database.readAt)}
          </span>
        )}{' '}
        <Button variant="secondary" size="sm" disabled={busy} onClick={onRefresh}>
          Refresh
        </Button>
        {database.how && (
          <div className="small muted" data-testid="migrations-read-how">
            {database.how.charAt(0).toUpperCase() + database.how.slice(1)}. Changes made in a console show after Refresh.
          </div>
        )}
        {failed && database.message && <ErrorAlert error={database.message} title={database.state === 'unreachable' ? 'The database could not be reached' : 'The database revision could not be read'} />}
      </dd>
      <dt>Head{view.heads.length === 1 ? '' : 's'}</dt>
      <dd data-testid="migrations-heads">
        {view.heads.length === 0 ? <span className="muted">No revisions yet</span> : view.heads.map((h) => <code key={h}>{shortRevision(h)} </code>)}
      </dd>
    </dl>
  );
}

function RevisionsTable({ view }: { view: MigrationStatusView }) {
  const summary = pendingSummary(view);
  return (
    <div className="stack">
      {summary && (
        <div role="status" className="alert alert-info" data-testid="migrations-pending">
          {summary}
        </div>
      )}
      <div className="table-wrap">
        <table className="table">
          <caption className="migrations-caption">Revisions, oldest first</caption>
          <TableHead columns={['Revision', 'Message', 'State', 'File']} />
          <tbody>
            {view.revisions.map((r) => {
              const state = revisionState(r);
              return (
                <tr key={r.revision} className={r.applied === false ? 'migration-pending' : undefined} data-revision={r.revision}>
                  <td>
                    <code title={r.revision}>{shortRevision(r.revision)}</code>
                  </td>
                  <td>{r.message || <span className="muted">(no message)</span>}</td>
                  <td>
                    <span className="migration-badges">
                      <Badge tone={state.tone}>{state.label}</Badge>
                      {r.current && <Badge tone="info">Current</Badge>}
                      {r.head && <Badge tone="neutral">Head</Badge>}
                    </span>
                  </td>
                  <td className="small">
                    <code>{r.file}</code>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function MigrationActions({
  view,
  busy,
  start,
  askConfirm,
}: {
  view: MigrationStatusView;
  busy: boolean;
  start: (request: RunMigrationRequest, onStarted?: () => void) => void;
  askConfirm: (request: Confirmable) => void;
}) {
  const [revision, setRevision] = useState('');
  const hasRevisions = view.revisions.length > 0;
  const options = revisionOptions(view.revisions);

  return (
    <div className="stack">
      {view.configured && (
        <>
          <div className="button-row">
            <Button disabled={busy || !hasRevisions} onClick={() => start({ action: 'upgrade', revision: 'head' })}>
              Upgrade to head
            </Button>
            <Button variant="secondary" disabled={busy || !hasRevisions} onClick={() => askConfirm({ action: 'downgrade', revision: '-1', confirm: true })}>
              Downgrade one step
            </Button>
            <Button variant="secondary" disabled={busy || !hasRevisions} onClick={() => askConfirm({ action: 'stamp', revision: 'head', confirm: true })}>
              Stamp head
            </Button>
          </div>
          {hasRevisions && (
            <div className="inline-form">
              <SelectField label="Chosen revision" value={revision} onChange={(event) => setRevision(event.target.value)}>
                <option value="">Choose a revision…</option>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
                <option value="base">base (before the first migration)</option>
              </SelectField>
              <Button variant="secondary" disabled={busy || !revision || revision === 'base'} onClick={() => start({ action: 'upgrade', revision })}>
                Upgrade to revision
              </Button>
              <Button variant="secondary" disabled={busy || !revision} onClick={() => askConfirm({ action: 'downgrade', revision, confirm: true })}>
                Downgrade to revision
              </Button>
              <Button variant="secondary" disabled={busy || !revision} onClick={() => askConfirm({ action: 'stamp', revision, confirm: true })}>
                Stamp revision
              </Button>
            </div>
          )}
          <TextActionForm
            label="Migration message"
            placeholder="add users table"
            maxLength={200}
            hint="Compares the models with the database and writes a new revision file; review it in the log before upgrading."
            submitLabel="Generate migration"
            disabled={busy}
            onSubmit={(message, clear) => start({ action: 'generate', message }, clear)}
          />
        </>
      )}
      {(!view.configured || !hasRevisions) && (
        <div className="button-row">
          {!view.configured && (
            <Button disabled={busy} onClick={() => start({ action: 'init' })}>
              Init migrations
            </Button>
          )}
          <Button variant="secondary" disabled={busy} onClick={() => start({ action: 'adopt' })}>
            Adopt existing database
          </Button>
          <p className="small muted">
            <strong>Adopt</strong> is for a database made with <code>db.create_all()</code>: it sets up migrations if needed,
            generates a first revision from the models and stamps the database with it, without touching its tables.
          </p>
        </div>
      )}
      <TextActionForm
        label="Custom command"
        placeholder="python manage.py db upgrade"
        maxLength={1000}
        hint="Runs in the source directory with the app's virtualenv and FLASK_APP set."
        submitLabel="Run command"
        disabled={busy}
        onSubmit={(command) => start({ action: 'custom', command })}
      />
    </div>
  );
}

/** One text field and a button that sends the trimmed text; `clear` empties the field (once the job started). */
function TextActionForm({
  label,
  placeholder,
  maxLength,
  hint,
  submitLabel,
  disabled,
  onSubmit,
}: {
  label: string;
  placeholder: string;
  maxLength: number;
  hint: string;
  submitLabel: string;
  disabled: boolean;
  onSubmit: (text: string, clear: () => void) => void;
}) {
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(text.trim(), () => setText(''));
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <TextField label={label} placeholder={placeholder} maxLength={maxLength} value={text} onChange={(event) => setText(event.target.value)} hint={hint} />
      <Button type="submit" variant="secondary" disabled={disabled || !text.trim()}>
        {submitLabel}
      </Button>
    </form>
  );
}

function MigrationHistory({
  view,
  shownId,
  onShow,
}: {
  view: MigrationStatusView;
  shownId: string | undefined;
  onShow: (entry: MigrationStatusView['history'][number]) => void;
}) {
  if (view.history.length === 0) return <p className="muted small">No migration actions yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="migrations-caption">Migration history</caption>
        <TableHead columns={['Action', 'Detail', 'Status', 'When', { label: 'Log', hidden: true }]} />
        <tbody>
          {view.history.map((entry) => (
            <tr key={entry.jobId} className={entry.jobId === shownId ? 'row-selected' : undefined}>
              <td>{migrationActionLabel(entry.action)}</td>
              <td>
                {entry.detail && <code>{entry.detail}</code>}
                {entry.error && <div className="small migration-error">{entry.error}</div>}
              </td>
              <td>
                <StatusBadge status={entry.status as JobView['status']} />
              </td>
              <td className="small" title={formatFullDateTime(entry.createdAt)}>
                {formatRelative(entry.createdAt)}
              </td>
              <td>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-pressed={entry.jobId === shownId}
                  aria-label={`Show log: ${migrationActionLabel(entry.action)}${entry.detail ? ` ${entry.detail}` : ''}, ${formatRelative(entry.createdAt)}`}
                  onClick={() => onShow(entry)}
                >
                  Show log
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
