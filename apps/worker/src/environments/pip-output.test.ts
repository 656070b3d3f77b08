import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PipOutputTracker } from './pip-output';

test('progress follows collecting, installing and the end', () => {
  const pip = new PipOutputTracker();
  assert.equal(pip.progress(0), null);
  pip.feed('Looking in links: /usr/share/pip-wheels\nCollecting flask\n  Processing /usr/share/pip-wheels/Flask-2.2.2-py3-none-any.whl\nCollecting Jinja2>=3.0\n');
  assert.deepEqual(pip.progress(0), { done: 0, total: 2 });
  pip.feed('Installing collected packages: markupsafe, jinja2, werkzeug, click, itsdangerous, flask\n');
  assert.deepEqual(pip.progress(2), { done: 2, total: 6 });
  pip.feed('Successfully installed Flask-2.2.2 Jinja2-3.1.2\n');
  assert.deepEqual(pip.progress(3), { done: 6, total: 6 });
});

test('a missing package is named', () => {
  const pip = new PipOutputTracker();
  pip.feed('ERROR: Could not find a version that satisfies the requirement nosuchpkg (from versions: none)\nERROR: No matching distribution found for nosuchpkg\n');
  assert.match(pip.failureReason()!, /could not find "nosuchpkg"/);
});

test('an invalid requirement line is named with its line number', () => {
  const pip = new PipOutputTracker();
  pip.feed("ERROR: Invalid requirement: 'flask ==== 2' (from line 3 of /tmp/requirements.txt)\n");
  assert.equal(pip.failureReason(), "The requirement 'flask ==== 2' on line 3 is not valid.");
});

test('lines split across chunks are joined', () => {
  const pip = new PipOutputTracker();
  pip.feed('Install');
  pip.feed('ing collected packages: a, b\n');
  assert.equal(pip.installingCount, 2);
});
