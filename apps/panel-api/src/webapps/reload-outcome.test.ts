import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastTracebackLine } from './reload-outcome';

test('lastTracebackLine finds the exception line of the last traceback', () => {
  const log = `old line
Traceback (most recent call last):
  File "/var/www/a_wsgi.py", line 3, in <module>
    import nope
ValueError: old one
2026-01-01 12:00:00 more
Traceback (most recent call last):
  File "/var/www/a_wsgi.py", line 3, in <module>
    import no_such_module_here
ModuleNotFoundError: No module named 'no_such_module_here'
[panel] worker exiting
`;
  assert.equal(lastTracebackLine(log), "ModuleNotFoundError: No module named 'no_such_module_here'");
  assert.equal(lastTracebackLine('nothing here\n'), null);
  assert.equal(lastTracebackLine('Traceback (most recent call last):\n  File "x"\n'), null);
});
