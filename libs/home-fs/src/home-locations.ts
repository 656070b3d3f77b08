import { join } from 'node:path';

/**
 * Where an account's home is, written once. Its containers mount it at /home/<username> (the path the account
 * types, and the one stored in web apps and jobs); on the host it is PANEL_DATA_DIR/home/<username> (`homesDir`).
 */
export const accountContainerHome = (username: string): string => `/home/${username}`;

/** The account's home on the host: `<homesDir>/<username>` (reach into it only through HomeFs or the no-follow reads). */
export const accountHostHome = (config: { homesDir: string }, username: string): string => join(config.homesDir, username);

/**
 * A path the account gave (relative to its home, "~/..." or absolute) as its containers see it, without a trailing
 * slash; an empty path is the home. Only spelling: whether it stays in the home is resolveHomePath's or HomeFs's to
 * check.
 */
export function accountContainerPath(username: string, userPath: string): string {
  const home = accountContainerHome(username);
  const trimmed = userPath.trim().replace(/\/+$/, '') || home;
  return trimmed.startsWith('/') ? trimmed : `${home}/${trimmed.replace(/^~\/?/, '')}`.replace(/\/+$/, '');
}
