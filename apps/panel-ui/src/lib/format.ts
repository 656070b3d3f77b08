/** Display helpers shared by the pages. Dates from the API are ISO strings. */

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const fullDateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(iso: string | null | undefined, empty = '—'): string {
  const date = parse(iso);
  return date ? dateTimeFormat.format(date) : empty;
}

/** For a title attribute: the exact moment behind a short or relative date. */
export function formatFullDateTime(iso: string | null | undefined): string | undefined {
  const date = parse(iso);
  return date ? fullDateTimeFormat.format(date) : undefined;
}

/** "12s", "3m 05s", "1h 02m". */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** How long a job ran (or has been running); a dash before it starts. */
export function formatJobDuration(startedAt: string | null, finishedAt: string | null, now = Date.now()): string {
  const start = parse(startedAt);
  if (!start) return '—';
  const end = parse(finishedAt)?.getTime() ?? now;
  return formatDurationMs(end - start.getTime());
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "5 seconds ago", "yesterday". */
export function formatRelative(iso: string | null | undefined, now = Date.now(), empty = '—'): string {
  const date = parse(iso);
  if (!date) return empty;
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relativeFormat.format(seconds, 'second');
  if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
  return relativeFormat.format(Math.round(seconds / 86_400), 'day');
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
