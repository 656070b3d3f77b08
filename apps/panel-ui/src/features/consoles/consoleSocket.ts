import { ConsoleCloseCode, consoleSocketPath, type ConsoleState } from '@panel/contracts';

/** The console's WebSocket on the dashboard's own origin (the session cookie authenticates it). */
export function consoleSocketUrl(location: Pick<Location, 'protocol' | 'host'>, id: number, cols: number, rows: number): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${consoleSocketPath(id)}?cols=${cols}&rows=${rows}`;
}

export interface CloseOutcome {
  /** Whether to connect again (after a pause): the console is still there. */
  reconnect: boolean;
  message: string;
}

/** What a closed socket means for the user, and whether to connect again. */
export function describeClose(code: number, reason: string): CloseOutcome {
  switch (code) {
    case ConsoleCloseCode.Killed:
      return { reconnect: false, message: reason || 'This console was killed.' };
    case ConsoleCloseCode.Error:
      return { reconnect: false, message: reason || 'The console could not be attached.' };
    case 1008:
    case 4401:
    case 4404:
      return { reconnect: false, message: reason || 'This console is not available.' };
    case 1012:
      return { reconnect: true, message: 'The server is restarting; reconnecting…' };
    case ConsoleCloseCode.TooSlow:
      return { reconnect: true, message: 'The console sent output faster than the browser could show it; reconnecting…' };
    default:
      return { reconnect: true, message: 'Connection lost; reconnecting…' };
  }
}

/** Waits longer after each failed attempt, up to 5 s. */
export const reconnectDelay = (attempt: number): number => Math.min(5000, 250 * 2 ** Math.min(attempt, 5));

export const CONSOLE_STATE_LABEL: Record<ConsoleState, { label: string; tone: 'success' | 'neutral' | 'warning' | 'info' }> = {
  running: { label: 'Running', tone: 'success' },
  exited: { label: 'Exited', tone: 'warning' },
  stopped: { label: 'Stopped', tone: 'neutral' },
  ended: { label: 'Ended', tone: 'warning' },
  unknown: { label: 'Unknown', tone: 'neutral' },
};

export const CONSOLE_KIND_LABEL = { bash: 'Bash', python: 'Python', mysql: 'MySQL', postgres: 'PostgreSQL', custom: 'Custom' } as const;
