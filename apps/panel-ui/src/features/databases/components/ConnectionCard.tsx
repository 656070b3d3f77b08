import { DATABASE_ENGINE_LABELS, type DatabaseEngineView } from '@panel/contracts';
import { Card } from '../../../components/Card';

/** How to connect from consoles, web apps and jobs: the host resolves only inside the account's containers. */
export function ConnectionCard({ view }: { view: DatabaseEngineView }) {
  const label = DATABASE_ENGINE_LABELS[view.engine];
  const example = view.databases.find((db) => db.name !== view.defaultDatabase)?.name ?? view.defaultDatabase;
  const commands = connectionCommands(view, example);
  return (
    <Card title={`Connecting to ${label}`} description={`From your consoles, web apps and scheduled code (the host name works inside them only).`}>
      <dl className="details" aria-label={`${label} connection`}>
        <div>
          <dt>Database host address</dt>
          <dd className="mono">{view.host}</dd>
        </div>
        <div>
          <dt>Port</dt>
          <dd className="mono">{view.port}</dd>
        </div>
        <div>
          <dt>Username</dt>
          <dd className="mono">{view.username}</dd>
        </div>
        <div>
          <dt>Password file</dt>
          <dd className="mono">{view.credentialsFile}</dd>
        </div>
        <div>
          <dt>Connections at once</dt>
          <dd>at most {view.maxConnections}</dd>
        </div>
      </dl>
      <div className="database-commands">
        {commands.map(({ title, command }) => (
          <div key={title}>
            <p className="small muted">{title}</p>
            <pre className="mono" data-testid="database-command">
              {command}
            </pre>
          </div>
        ))}
      </div>
    </Card>
  );
}

export function connectionCommands(view: DatabaseEngineView, database: string): { title: string; command: string }[] {
  const quoted = `'${database}'`;
  if (view.engine === 'mysql') {
    return [
      { title: 'In a bash console (the password comes from ~/.my.cnf):', command: `mysql ${quoted}` },
      { title: 'With every option spelled out (asks for the password):', command: `mysql -u ${view.username} -h ${view.host} -p ${quoted}` },
      { title: 'In Flask-SQLAlchemy or SQLAlchemy:', command: `mysql+pymysql://${view.username}:<your password>@${view.host}/${database}` },
    ];
  }
  return [
    { title: 'In a bash console (the password comes from ~/.pgpass):', command: `psql ${quoted}` },
    { title: 'With every option spelled out:', command: `psql -h ${view.host} -p ${view.port} -U ${view.username} ${quoted}` },
    { title: 'In Flask-SQLAlchemy or SQLAlchemy:', command: `postgresql://${view.username}:<your password>@${view.host}/${database}` },
  ];
}
