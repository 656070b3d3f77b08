import type { SessionView } from '@panel/contracts';
import { createContext, useContext } from 'react';

/** The signed-in session, provided by the auth guard to every page behind it. */
export const SessionContext = createContext<SessionView | null>(null);

export function useCurrentSession(): SessionView {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useCurrentSession is only for pages behind the auth guard.');
  return session;
}
