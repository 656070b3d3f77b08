import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Button } from '../components/Button';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { Spinner } from '../components/Spinner';
import { useCurrentSession, useSession } from '../features/auth/hooks';
import { SessionContext } from '../features/auth/sessionContext';

/** Renders its routes for a signed-in visitor; anyone else goes to /login. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) {
    return (
      <div className="fullscreen-center">
        <Spinner />
      </div>
    );
  }
  if (session.isError && session.data === undefined) {
    return (
      <div className="fullscreen-center">
        <div className="stack narrow">
          <ErrorAlert error={session.error} title="Could not load your session." />
          <Button variant="secondary" onClick={() => void session.refetch()} loading={session.isFetching}>
            Try again
          </Button>
        </div>
      </div>
    );
  }
  if (!session.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return (
    <SessionContext.Provider value={session.data}>
      <Outlet />
    </SessionContext.Provider>
  );
}

/** Admin pages: other accounts get an explanation instead (the API would answer 403 anyway). */
export function RequireAdmin() {
  const { account } = useCurrentSession();
  if (account.role !== 'admin') {
    return (
      <>
        <PageHeader title="Admin" />
        <div className="notice">This page is for operators (admin accounts) only.</div>
      </>
    );
  }
  return <Outlet />;
}
