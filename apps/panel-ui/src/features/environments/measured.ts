import type { EnvironmentView } from '@panel/contracts';
import { formatRelative } from '../../lib/format';

/** Sizes are measured after each job and by the worker's background pass, not while the page loads: say when. */
export function measuredText(env: EnvironmentView, now = Date.now()): string {
  return env.measuredAt ? `measured ${formatRelative(env.measuredAt, now)}` : 'not measured yet';
}
