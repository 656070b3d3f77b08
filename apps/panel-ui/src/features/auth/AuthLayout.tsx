import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** The centred card of the login and sign-up pages. */
export function AuthLayout({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="auth-page">
      <main className="auth-card">
        <Link to="/" className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          Panel
        </Link>
        <h1 className="auth-title">{title}</h1>
        {children}
        {footer && <div className="auth-footer">{footer}</div>}
      </main>
    </div>
  );
}
