import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button } from '../components/Button';
import { ErrorAlert } from '../components/ErrorAlert';
import { useCurrentSession, useLogout } from '../features/auth/hooks';

const TABS = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/consoles', label: 'Consoles' },
  { to: '/environments', label: 'Environments' },
  { to: '/files', label: 'Files' },
  { to: '/web', label: 'Web' },
  { to: '/databases', label: 'Databases' },
  { to: '/tasks', label: 'Tasks' },
] as const;

const tabClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab tab-active' : 'tab');

/** The signed-in frame: product name, the feature tabs and the account menu, with the page below. */
export function AppLayout() {
  const { account } = useCurrentSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  // On narrow screens the tabs are a list behind a Menu button; on wide ones the button is hidden and the tabs show.
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);

  useEffect(() => setMenuOpen(false), [location.pathname, location.search]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [menuOpen]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              P
            </span>
            Panel
          </Link>
          <button
            ref={menuButton}
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-tabs"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="menu-toggle-icon" aria-hidden="true" />
            Menu
          </button>
          <nav id="main-tabs" className={menuOpen ? 'tabs tabs-open' : 'tabs'} aria-label="Main">
            {TABS.map((tab) => (
              <NavLink key={tab.to} to={tab.to} end={'end' in tab ? tab.end : false} className={tabClass} onClick={() => setMenuOpen(false)}>
                {tab.label}
              </NavLink>
            ))}
          </nav>
          <div className="topbar-account">
            <NavLink to="/account" className={({ isActive }) => (isActive ? 'account-link active' : 'account-link')}>
              <span className="avatar" aria-hidden="true">
                {account.username.slice(0, 1).toUpperCase()}
              </span>
              <span className="account-name">{account.username}</span>
            </NavLink>
            {account.role === 'admin' && (
              <NavLink to="/admin" className={({ isActive }) => (isActive ? 'account-link active' : 'account-link')}>
                Admin
              </NavLink>
            )}
            <Button
              variant="ghost"
              size="sm"
              loading={logout.isPending}
              onClick={() => logout.mutate(undefined, { onSuccess: () => navigate('/login', { replace: true }) })}
            >
              Log out
            </Button>
          </div>
        </div>
      </header>
      {logout.error ? (
        <div className="container">
          <ErrorAlert error={logout.error} title="Could not log out." />
        </div>
      ) : null}
      <main id="main" className="container main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
