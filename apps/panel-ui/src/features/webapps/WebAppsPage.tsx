import { Navigate, NavLink, useNavigate, useParams } from 'react-router-dom';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { AddWebAppForm } from './components/AddWebAppForm';
import { WebAppStatusBadge } from './components/WebAppStatusBadge';
import { WebAppDetail } from './WebAppDetail';
import { useWebApps } from './hooks';

/**
 * The Web tab, as on PythonAnywhere: the account's web apps at the left with "Add a new web app", the selected
 * app's configuration at the right. Routes: /web, /web/new, /web/:domain.
 */
export function WebAppsPage({ adding = false }: { adding?: boolean }) {
  const { domain } = useParams();
  const webapps = useWebApps();
  const navigate = useNavigate();
  const apps = webapps.data ?? [];
  const selected = domain ? apps.find((app) => app.domain === domain.toLowerCase()) : undefined;

  let content;
  if (webapps.isPending) content = <Spinner />;
  else if (adding) content = <AddWebAppForm />;
  else if (domain && selected) content = <WebAppDetail key={selected.domain} app={selected} />;
  else if (domain && webapps.data) {
    content = (
      <div className="notice">
        You have no web app at <strong className="mono">{domain}</strong>.
      </div>
    );
  } else if (apps.length) content = <Navigate to={`/web/${encodeURIComponent(apps[0].domain)}`} replace />;
  else if (webapps.data) {
    content = (
      <div className="card empty-state">
        <h2 className="card-title">You have no web apps yet</h2>
        <p className="muted">
          Use <strong>Add a new web app</strong> to serve a Flask app at your own subdomain: a quickstart, the comment board, or your
          own code.
        </p>
      </div>
    );
  }

  return (
    <>
      <PageHeader title="Web" description="Set up and manage your Flask web apps, served at your own subdomain." />
      <ErrorAlert error={webapps.error} />
      <div className="web-layout">
        <aside className="web-sidebar" aria-label="Your web apps">
          <h2 className="sidebar-title">Your web apps</h2>
          {apps.length > 0 ? (
            <ul className="webapp-list">
              {apps.map((app) => (
                <li key={app.domain}>
                  <NavLink
                    to={`/web/${encodeURIComponent(app.domain)}`}
                    className={({ isActive }) => (isActive ? 'webapp-link active' : 'webapp-link')}
                  >
                    <span className="mono">{app.domain}</span>
                    <WebAppStatusBadge status={app.status} />
                  </NavLink>
                </li>
              ))}
            </ul>
          ) : (
            !webapps.isPending && <p className="small muted">None yet.</p>
          )}
          <Button variant={adding ? 'secondary' : 'primary'} className="btn-block" onClick={() => navigate('/web/new')} disabled={adding}>
            Add a new web app
          </Button>
        </aside>
        <div className="web-main">{content}</div>
      </div>
    </>
  );
}
