import { Link } from 'react-router-dom';
import { breadcrumbs } from './paths';

/** ~ / mysite / templates: every folder above links to its listing; the last part is where we are. */
export function Breadcrumbs({ path, home, hrefFor }: { path: string; home: string; hrefFor: (path: string) => string }) {
  const crumbs = breadcrumbs(path, home);
  return (
    <nav aria-label="Path" className="files-breadcrumbs">
      <ol>
        {crumbs.map((crumb, index) => (
          <li key={crumb.path}>
            {index === crumbs.length - 1 ? (
              <span aria-current="page" className="mono" title={crumb.path}>
                {crumb.name}
              </span>
            ) : (
              <Link to={hrefFor(crumb.path)} className="mono" title={crumb.path}>
                {crumb.name}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
