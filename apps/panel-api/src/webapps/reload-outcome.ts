/**
 * The last line of the last Python traceback in a log's text (the exception: "ModuleNotFoundError: No module named
 * 'x'"), or null when it holds none. Frames are indented; the first unindented line after "Traceback" ends it.
 */
export function lastTracebackLine(text: string): string | null {
  const start = text.lastIndexOf('Traceback (most recent call last):');
  if (start < 0) return null;
  const lines = text.slice(start).split('\n').slice(1);
  for (const line of lines) {
    if (line.trim() && !/^\s/.test(line)) return line.trim().slice(0, 500);
  }
  return null;
}
