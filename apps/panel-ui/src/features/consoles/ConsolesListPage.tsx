import { PYTHON_VERSIONS, type ConsoleView, type CreateConsoleRequest, type DatabaseEngine, type DatabasesOverview } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/FormField';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { Badge } from '../../components/StatusBadge';
import { formatDateTime, formatFullDateTime } from '../../lib/format';
import { CONSOLE_KIND_LABEL, CONSOLE_STATE_LABEL } from './consoleSocket';
import { useConsoles, useCreateConsole, useKillConsole, useRenameConsole } from './hooks';
import { useDatabases } from '../databases/hooks';
import { TableHead } from '../../components/TableHead';

function NotInitialized({ engine, overview }: { engine: DatabaseEngine; overview: DatabasesOverview | undefined }) {
  if (!overview || overview[engine].initialized) return null;
  const label = engine === 'mysql' ? 'MySQL' : 'PostgreSQL';
  return (
    <p className="field-hint">
      {overview[engine].available ? (
        <>
          <Link to="/databases">Initialize {label}</Link> on the Databases tab first.
        </>
      ) : (
        `${label} is not available: ${overview[engine].problem ?? 'its server does not answer'}.`
      )}
    </p>
  );
}

export function ConsolesListPage() {
  const consoles = useConsoles();
  return (
    <>
      <PageHeader
        title="Consoles"
        description="Bash, Python and database consoles in your account, in the browser. They keep running when you close the page: open them again to carry on."
      />
      <div className="grid">
        <StartConsoleCard />
        <Card
          title="Your consoles"
          actions={
            <Button variant="secondary" size="sm" onClick={() => void consoles.refetch()} loading={consoles.isFetching && !consoles.isPending}>
              Refresh
            </Button>
          }
        >
          <ErrorAlert error={consoles.error} />
          {consoles.isPending ? (
            <Spinner />
          ) : consoles.data && consoles.data.length === 0 ? (
            <p className="empty">You have no consoles. Start one above.</p>
          ) : consoles.data ? (
            <ConsolesTable consoles={consoles.data} />
          ) : null}
        </Card>
      </div>
    </>
  );
}

function StartConsoleCard() {
  const create = useCreateConsole();
  const navigate = useNavigate();
  const [database, setDatabase] = useState('');
  const [postgresDatabase, setPostgresDatabase] = useState('');
  const [command, setCommand] = useState('');
  const [customPython, setCustomPython] = useState('3.11');

  // A database console before the engine is set up for the account would exit at once: say what to do instead.
  const databases = useDatabases();
  const notReady = (engine: DatabaseEngine) => databases.data !== undefined && !databases.data[engine].initialized;
  const start = (body: CreateConsoleRequest) => create.mutate(body, { onSuccess: (created) => navigate(`/consoles/${created.id}`) });
  const startCustom = (event: FormEvent) => {
    event.preventDefault();
    start({ kind: 'custom', command, pythonVersion: customPython as CreateConsoleRequest['pythonVersion'] });
  };

  return (
    <Card title="Start a new console">
      <ErrorAlert error={create.error} title="Could not start the console." />
      <div className="console-starters">
        <div className="console-starter">
          <h3 className="subheading">Bash</h3>
          <Button onClick={() => start({ kind: 'bash' })} loading={create.isPending && create.variables?.kind === 'bash'} disabled={create.isPending}>
            Bash
          </Button>
        </div>
        <div className="console-starter">
          <h3 className="subheading">Python</h3>
          <div className="button-row">
            {PYTHON_VERSIONS.map((version) => (
              <Button
                key={version}
                variant="secondary"
                onClick={() => start({ kind: 'python', pythonVersion: version })}
                loading={create.isPending && create.variables?.kind === 'python' && create.variables.pythonVersion === version}
                disabled={create.isPending}
              >
                Python {version}
              </Button>
            ))}
          </div>
        </div>
        <form
          className="console-starter"
          onSubmit={(event) => {
            event.preventDefault();
            start({ kind: 'mysql', ...(database.trim() ? { database: database.trim() } : {}) });
          }}
        >
          <h3 className="subheading">MySQL</h3>
          <TextField label="MySQL database" placeholder="default" value={database} onChange={(e) => setDatabase(e.target.value)} hint="Yours only: name or username$name." />
          <Button type="submit" variant="secondary" loading={create.isPending && create.variables?.kind === 'mysql'} disabled={create.isPending || notReady('mysql')}>
            MySQL
          </Button>
          <NotInitialized engine="mysql" overview={databases.data} />
        </form>
        <form
          className="console-starter"
          onSubmit={(event) => {
            event.preventDefault();
            start({ kind: 'postgres', ...(postgresDatabase.trim() ? { database: postgresDatabase.trim() } : {}) });
          }}
        >
          <h3 className="subheading">PostgreSQL</h3>
          <TextField label="PostgreSQL database" placeholder="default" value={postgresDatabase} onChange={(e) => setPostgresDatabase(e.target.value)} />
          <Button type="submit" variant="secondary" loading={create.isPending && create.variables?.kind === 'postgres'} disabled={create.isPending || notReady('postgres')}>
            PostgreSQL
          </Button>
          <NotInitialized engine="postgres" overview={databases.data} />
        </form>
        <form className="console-starter console-starter-wide" onSubmit={startCustom}>
          <h3 className="subheading">Custom</h3>
          <TextField
            label="Command"
            className="mono"
            placeholder="workon myenv && python"
            value={command}
            onChange={(e) => setCommand(e.target.value)}
            hint="Any bash command; it runs in your home with your virtualenvs at hand."
          />
          <SelectField label="Python version of the console" value={customPython} onChange={(e) => setCustomPython(e.target.value)}>
            {PYTHON_VERSIONS.map((version) => (
              <option key={version} value={version}>
                Python {version}
              </option>
            ))}
          </SelectField>
          <Button type="submit" variant="secondary" loading={create.isPending && create.variables?.kind === 'custom'} disabled={create.isPending || !command.trim()}>
            Start custom console
          </Button>
        </form>
      </div>
    </Card>
  );
}

function ConsolesTable({ consoles }: { consoles: ConsoleView[] }) {
  const kill = useKillConsole();
  const [killing, setKilling] = useState<ConsoleView | null>(null);
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Your consoles">
        <TableHead columns={['Name', 'Kind', 'State', 'Started', { label: 'Actions', hidden: true }]} />
        <tbody>
          {consoles.map((c) => (
            <tr key={c.id} data-console={c.id}>
              <td>
                <ConsoleName console={c} />
              </td>
              <td>
                {CONSOLE_KIND_LABEL[c.kind]}
                {c.kind === 'python' ? ` ${c.pythonVersion}` : ''}
                {c.database ? <span className="mono small"> {c.database}</span> : null}
              </td>
              <td>
                <Badge tone={CONSOLE_STATE_LABEL[c.state].tone}>{CONSOLE_STATE_LABEL[c.state].label}</Badge>
                {c.endedReason ? <div className="muted small">{c.endedReason}</div> : null}
              </td>
              <td title={formatFullDateTime(c.createdAt)}>{formatDateTime(c.createdAt)}</td>
              <td className="cell-actions">
                <Link className="btn btn-secondary btn-sm" to={`/consoles/${c.id}`}>
                  Open
                </Link>
                <Button variant="danger" size="sm" onClick={() => setKilling(c)}>
                  Kill
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog
        open={killing !== null}
        title={`Kill "${killing?.name ?? ''}"?`}
        confirmLabel="Kill console"
        busy={kill.isPending}
        error={kill.error}
        onCancel={() => {
          kill.reset();
          setKilling(null);
        }}
        onConfirm={() => killing && kill.mutate(killing.id, { onSuccess: () => setKilling(null) })}
      >
        Its program stops and its output is gone.
      </ConfirmDialog>
    </div>
  );
}

/** The console's name, a link to its page, renamed in place. */
export function ConsoleName({ console: c, asLink = true }: { console: ConsoleView; asLink?: boolean }) {
  const rename = useRenameConsole();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(c.name);
  if (!editing) {
    return (
      <span className="console-name">
        {asLink ? (
          <Link to={`/consoles/${c.id}`} className="strong">
            {c.name}
          </Link>
        ) : (
          <strong>{c.name}</strong>
        )}
        <button
          type="button"
          className="link-button small"
          aria-label={`Rename ${c.name}`}
          onClick={() => {
            setName(c.name);
            setEditing(true);
          }}
        >
          Rename
        </button>
      </span>
    );
  }
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        rename.mutate({ id: c.id, name }, { onSuccess: () => setEditing(false) });
      }}
    >
      <input className="input input-short" aria-label="Console name" value={name} onChange={(e) => setName(e.target.value)} autoFocus maxLength={100} />
      <Button type="submit" size="sm" loading={rename.isPending}>
        Save
      </Button>
      <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(false)}>
        Cancel
      </Button>
      {rename.error ? <ErrorAlert error={rename.error} /> : null}
    </form>
  );
}
