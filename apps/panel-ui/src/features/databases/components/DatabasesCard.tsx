import { DATABASE_ENGINE_LABELS, type DatabaseEngineView } from '@panel/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatBytes } from '../../../lib/format';
import { useOpenDatabaseConsole } from '../hooks';
import { DatabaseJobsPanel } from './DatabaseJobsPanel';
import { DeleteDatabaseDialog } from './DeleteDatabaseDialog';
import { TableHead } from '../../../components/TableHead';

/** The account's databases with their sizes; a name opens a console on it. */
export function DatabasesCard({ view }: { view: DatabaseEngineView }) {
  const label = DATABASE_ENGINE_LABELS[view.engine];
  const [selected, setSelected] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const openConsole = useOpenDatabaseConsole();
  const navigate = useNavigate();
  const client = view.engine === 'mysql' ? 'MySQL' : 'psql';

  return (
    <Card title={`Your ${label} databases`} description={`Click a database's name to open a ${client} console on it.`}>
      {view.databases.length === 0 ? (
        <p className="empty">You have no {label} databases. Create one below.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={`${label} databases`}>
            <TableHead columns={['Name', { label: 'Size', className: 'num' }, { label: 'Actions', className: 'cell-actions', hidden: true }]} />
            <tbody>
              {view.databases.map((db) => (
                <tr key={db.name} data-database={db.name}>
                  <td>
                    <button
                      type="button"
                      className="link-button mono"
                      title={`Open a ${client} console on ${db.name}`}
                      disabled={openConsole.isPending}
                      onClick={() => openConsole.mutate({ engine: view.engine, name: db.name }, { onSuccess: (console) => navigate(console.url) })}
                    >
                      {db.name}
                    </button>
                  </td>
                  <td className="num">{formatBytes(db.sizeBytes)}</td>
                  <td className="cell-actions">
                    <div className="button-row">
                      <Button variant="secondary" size="sm" onClick={() => setSelected(selected === db.name ? null : db.name)} aria-expanded={selected === db.name}>
                        Dump or restore
                      </Button>
                      <Button variant="danger" size="sm" onClick={() => setDeleting(db.name)}>
                        Delete
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorAlert error={openConsole.error} title="The console did not open" />
      {selected && view.databases.some((db) => db.name === selected) && (
        <DatabaseJobsPanel key={selected} engine={view.engine} name={selected} onClose={() => setSelected(null)} />
      )}
      {deleting && (
        <DeleteDatabaseDialog
          engine={view.engine}
          name={deleting}
          onClose={() => {
            if (selected === deleting) setSelected(null);
            setDeleting(null);
          }}
        />
      )}
    </Card>
  );
}
