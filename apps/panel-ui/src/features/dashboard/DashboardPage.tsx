import type { AccountUsageView, ConsoleView } from '@panel/contracts';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { Badge } from '../../components/StatusBadge';
import { formatBytes, formatFullDateTime, formatRelative } from '../../lib/format';
import { useCurrentSession } from '../auth/hooks';
import { CONSOLE_KIND_LABEL, CONSOLE_STATE_LABEL } from '../consoles/consoleSocket';
import { useConsoles, useCreateConsole } from '../consoles/hooks';
import { useDatabases } from '../databases/hooks';
import { EnvironmentStatusBadge } from '../environments/components/EnvironmentStatusBadge';
import { useEnvironments } from '../environments/hooks';
import { useWebApps } from '../webapps/hooks';
import { defaultDomain, WEBAPP_STATUS } from '../webapps/webappText';
import { useAccountUsage, useRecentFiles } from './hooks';
import { RecentJobsCard } from './RecentJobsCard';
import './dashboard.css';

/** The overview: what the account has on every tab, each a click away, and what it uses of its limits. */
export function DashboardPage() {
  const { account, appsDomain } = useCurrentSession();
  return (
    <>
      <PageHeader
        title={`Welcome, ${account.username}`}
        description={
          <>
            Your consoles, files, web apps, environments and databases at a glance. Your web apps are served at{' '}
            <strong className="mono">{defaultDomain(account.username, appsDomain)}</strong>.
          </>
        }
      />
      <div className="dashboard-grid">
        <ConsolesCard />
        <RecentFilesCard />
        <WebAppsCard />
        <EnvironmentsCard />
        <DatabasesCard />
        <UsageCard />
      </div>
      <div className="grid dashboard-jobs">
        <RecentJobsCard />
      </div>
    </>
  );
}

/** A card body: a spinner while loading, the error, the empty sentence, or the list. */
function Listing<T>({ query, empty, children }: { query: { isPending: boolean; error: unknown; data?: T[] }; empty: ReactNode; children: (items: T[]) => ReactNode }) {
  if (query.isPending) return <Spinner />;
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!query.data?.length) return <p className="empty">{empty}</p>;
  return <>{children(query.data)}</>;
}

function MoreLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link className="dashboard-more" to={to}>
      {children}
    </Link>
  );
}

const consoleTitle = (console: ConsoleView) => console.name || CONSOLE_KIND_LABEL[console.kind] || console.kind;

function ConsolesCard() {
  const consoles = useConsoles();
  const create = useCreateConsole();
  const navigate = useNavigate();
  const recent = consoles.data ? [...consoles.data].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 5) : undefined;
  return (
    <Card
      title="Consoles"
      actions={
        <Button size="sm" loading={create.isPending} onClick={() => create.mutate({ kind: 'bash' }, { onSuccess: (created) => navigate(`/consoles/${created.id}`) })}>
          Open a Bash console
        </Button>
      }
    >
      <ErrorAlert error={create.error} title="Could not start the console." />
      <Listing query={{ ...consoles, data: recent }} empty="No consoles yet.">
        {(items) => (
          <ul className="dashboard-list" aria-label="Recent consoles">
            {items.map((console) => {
              const state = CONSOLE_STATE_LABEL[console.state] ?? { label: console.state, tone: 'neutral' as const };
              return (
                <li key={console.id}>
                  <Link to={`/consoles/${console.id}`} className="dashboard-item-name">
                    {consoleTitle(console)}
                  </Link>
                  <span className="dashboard-item-meta">
                    <Badge tone={state.tone}>{state.label}</Badge>
                    <span className="small muted" title={formatFullDateTime(console.createdAt)}>
                      {formatRelative(console.createdAt)}
                    </span>
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </Listing>
      <MoreLink to="/consoles">All consoles</MoreLink>
    </Card>
  );
}

function RecentFilesCard() {
  const { account } = useCurrentSession();
  const files = useRecentFiles();
  const home = `/home/${account.username}/`;
  return (
    <Card title="Recent files">
      <Listing query={files} empty="No files in your home yet.">
        {(items) => (
          <ul className="dashboard-list" aria-label="Recent files">
            {items.map((file) => (
              <li key={file.path}>
                <Link to={`/files?edit=${encodeURIComponent(file.path)}`} className="dashboard-item-name mono" title={file.path}>
                  {file.path.startsWith(home) ? file.path.slice(home.length) : file.path}
                </Link>
                <span className="small muted dashboard-item-meta" title={formatFullDateTime(file.modifiedAt)}>
                  {formatRelative(file.modifiedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Listing>
      <MoreLink to="/files">Browse files</MoreLink>
    </Card>
  );
}

function WebAppsCard() {
  const webapps = useWebApps();
  return (
    <Card title="Web apps">
      <Listing
        query={webapps}
        empty={
          <>
            No web apps yet. <Link to="/web/new">Add a new web app</Link>
          </>
        }
      >
        {(items) => (
          <ul className="dashboard-list" aria-label="Web apps">
            {items.map((app) => {
              const status = WEBAPP_STATUS[app.status];
              return (
                <li key={app.id}>
                  <Link to={`/web/${encodeURIComponent(app.domain)}`} className="dashboard-item-name mono">
                    {app.domain}
                  </Link>
                  <span className="dashboard-item-meta">
                    <Badge tone={status.tone} title={status.title} status={app.status}>
                      {status.label}
                    </Badge>
                    <a href={app.url} target="_blank" rel="noreferrer" aria-label={`Open site ${app.url}`}>
                      Open site
                    </a>
                  </span>
                  <a href={app.url} target="_blank" rel="noreferrer" className="small mono dashboard-item-url">
                    {app.url}
                  </a>
                </li>
              );
            })}
          </ul>
        )}
      </Listing>
      <MoreLink to="/web">All web apps</MoreLink>
    </Card>
  );
}

function EnvironmentsCard() {
  const environments = useEnvironments();
  return (
    <Card title="Environments">
      <Listing query={environments} empty="No virtualenvs yet.">
        {(items) => (
          <ul className="dashboard-list" aria-label="Environments">
            {items.map((env) => (
              <li key={env.name}>
                <Link to={`/environments/${encodeURIComponent(env.name)}`} className="dashboard-item-name mono">
                  {env.name}
                </Link>
                <span className="dashboard-item-meta">
                  {env.pythonVersion && <span className="small muted">Python {env.pythonVersion}</span>}
                  <EnvironmentStatusBadge status={env.status} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Listing>
      <MoreLink to="/environments">All environments</MoreLink>
    </Card>
  );
}

function DatabasesCard() {
  const overview = useDatabases();
  const engines = overview.data ? [overview.data.mysql, overview.data.postgres] : undefined;
  const label = { mysql: 'MySQL', postgres: 'PostgreSQL' } as const;
  return (
    <Card title="Databases">
      <Listing query={{ ...overview, data: engines }} empty="No database servers.">
        {(items) => (
          <ul className="dashboard-list" aria-label="Databases">
            {items.map((engine) => (
              <li key={engine.engine}>
                <span className="dashboard-item-name">{label[engine.engine]}</span>
                <span className="dashboard-item-meta small">
                  {!engine.available ? (
                    <Badge tone="danger" title={engine.problem ?? undefined}>
                      Unavailable
                    </Badge>
                  ) : !engine.initialized ? (
                    <Link to="/databases">Initialize</Link>
                  ) : (
                    `${engine.databases.length} database${engine.databases.length === 1 ? '' : 's'}`
                  )}
                </span>
                {engine.initialized && engine.databases.length > 0 && (
                  <span className="small mono muted dashboard-item-url">{engine.databases.map((d) => d.name).join(', ')}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Listing>
      <MoreLink to="/databases">All databases</MoreLink>
    </Card>
  );
}

function Meter({ label, used, limit, text }: { label: string; used: number; limit: number; text: string }) {
  const fraction = limit > 0 ? Math.min(1, used / limit) : 0;
  return (
    <div className="dashboard-meter">
      <div className="dashboard-meter-label">
        <span>{label}</span>
        <span className="small">{text}</span>
      </div>
      <progress max={1} value={fraction} aria-label={label} className={fraction > 0.9 ? 'dashboard-meter-high' : undefined} />
    </div>
  );
}

/** Today's CPU seconds (consoles and tasks; web apps are not counted) and what happens past the allowance. */
function CpuMeter({ cpu }: { cpu: AccountUsageView['cpu'] }) {
  const reset = `${cpu.nextResetAt.slice(11, 16)} UTC`;
  return (
    <div>
      <Meter label="CPU today" used={cpu.usedSeconds} limit={cpu.allowanceSeconds} text={`${formatCpuSeconds(cpu.usedSeconds)} of ${formatCpuSeconds(cpu.allowanceSeconds)}`} />
      <p className="small muted">
        {cpu.throttled
          ? `Past today's allowance: your consoles and tasks keep running, at a lower priority, until ${reset}.`
          : `Consoles and tasks count; web apps do not. Resets at ${reset}.`}
      </p>
    </div>
  );
}

const formatCpuSeconds = (seconds: number) => `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds).toLocaleString('en')} s`;

function UsageCard() {
  const usage = useAccountUsage();
  return (
    <Card title="Usage">
      <ErrorAlert error={usage.error} />
      {usage.isPending ? (
        <Spinner />
      ) : usage.data ? (
        <div className="stack">
          <Meter
            label="Disk"
            used={usage.data.disk.usedBytes}
            limit={usage.data.disk.quotaBytes}
            text={`${formatBytes(usage.data.disk.usedBytes)} of ${formatBytes(usage.data.disk.quotaBytes)}`}
          />
          <Meter label="Consoles" used={usage.data.consoles.used} limit={usage.data.consoles.limit} text={`${usage.data.consoles.used} of ${usage.data.consoles.limit}`} />
          <CpuMeter cpu={usage.data.cpu} />
          <p className="small muted">
            {usage.data.webapps.used} web app{usage.data.webapps.used === 1 ? '' : 's'}
          </p>
        </div>
      ) : null}
    </Card>
  );
}
