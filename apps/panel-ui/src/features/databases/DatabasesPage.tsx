import { DATABASE_ENGINE_LABELS, DATABASE_ENGINES, type DatabaseEngine, type DatabaseEngineView } from '@panel/contracts';
import { useId } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { ConnectionCard } from './components/ConnectionCard';
import { CreateDatabaseCard } from './components/CreateDatabaseCard';
import { DatabasesCard } from './components/DatabasesCard';
import { InitializeCard } from './components/InitializeCard';
import { PasswordCard } from './components/PasswordCard';
import { useDatabases } from './hooks';
import './databases.css';

const isEngine = (value: string | null): value is DatabaseEngine => DATABASE_ENGINES.includes(value as DatabaseEngine);

/** MySQL and PostgreSQL, one tab each (?engine=postgres), like PythonAnywhere's Databases page. */
export function DatabasesPage() {
  const [params, setParams] = useSearchParams();
  const engine: DatabaseEngine = isEngine(params.get('engine')) ? (params.get('engine') as DatabaseEngine) : 'mysql';
  const overview = useDatabases();
  const baseId = useId();

  return (
    <>
      <PageHeader
        title="Databases"
        description={
          <>
            MySQL and PostgreSQL databases for your web apps and consoles. Yours are named <code>username$name</code>: only your
            account can see or use them.
          </>
        }
      />
      <div role="tablist" aria-label="Database engines" className="log-tabs databases-engines">
        {DATABASE_ENGINES.map((e) => (
          <button
            key={e}
            type="button"
            role="tab"
            id={`${baseId}-${e}`}
            aria-selected={engine === e}
            aria-controls={`${baseId}-panel`}
            className={engine === e ? 'log-tab active' : 'log-tab'}
            onClick={() => setParams(e === 'mysql' ? {} : { engine: e }, { replace: true })}
          >
            {DATABASE_ENGINE_LABELS[e]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-${engine}`} className="grid">
        <ErrorAlert error={overview.error} />
        {overview.isPending ? <Spinner /> : overview.data ? <EngineSection key={engine} view={overview.data[engine]} /> : null}
      </div>
    </>
  );
}

function EngineSection({ view }: { view: DatabaseEngineView }) {
  const label = DATABASE_ENGINE_LABELS[view.engine];
  if (!view.available) {
    return (
      <div className="notice" role="status">
        {label} is not available: {view.problem}
      </div>
    );
  }
  if (!view.initialized) return <InitializeCard view={view} />;
  return (
    <>
      <ConnectionCard view={view} />
      <DatabasesCard view={view} />
      <CreateDatabaseCard view={view} />
      <PasswordCard view={view} />
    </>
  );
}
