import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESERVED_DATABASE_ROLES, RESERVED_USERNAMES, SignupRequest, USERNAME_RULE, usernameProblem } from './accounts';

const reserved = /reserved for the platform/;

test('database roles, system users, platform hosts, routes and staff names are reserved usernames', () => {
  const names = [
    // the servers' and the panel's own users and roles
    'root', 'mysql', 'mariadb', 'postgres', 'panel', 'public', 'none', 'user', 'all', 'replication', 'template1',
    // Debian system users and groups
    'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'backup', 'list', 'irc',
    'gnats', 'nobody', 'messagebus', 'sshd', 'redis', 'caddy', 'docker', 'polkitd', 'sudo', 'shadow', 'staff',
    // host names and routes
    'www', 'api', 'app', 'apps', 'static', 'dashboard', 'console', 'consoles', 'help', 'status', 'login', 'logout',
    'signup', 'auth', 'localhost', 'internal', 'smtp', 'ftp', 'ssh', 'git', 'node', 'nodes', 'files', 'databases',
    // staff
    'admin', 'administrator', 'support', 'webmaster', 'postmaster',
  ];
  for (const name of names) {
    assert.ok(RESERVED_USERNAMES.has(name), `${name} is on the list`);
    assert.match(usernameProblem(name) ?? '', reserved, name);
    const parsed = SignupRequest.safeParse({ username: name, password: 'long enough' });
    assert.equal(parsed.success, false, `sign-up refuses ${name}`);
    assert.match(parsed.error!.issues[0].message, reserved);
  }
  assert.match(usernameProblem('systemdx') ?? '', reserved, "Debian's systemd-* users");
});

test('every reserved database role is a reserved username, so sign-up can never create one', () => {
  for (const role of RESERVED_DATABASE_ROLES) assert.ok(RESERVED_USERNAMES.has(role), role);
  for (const role of ['root', 'mysql', 'mariadb', 'postgres', 'panel', 'panel_accounts', 'public', 'none']) {
    assert.ok(RESERVED_DATABASE_ROLES.has(role), role);
  }
});

test('the operator may give a staff name to an admin account, but never a database role or a system user', () => {
  assert.equal(usernameProblem('admin', { operator: true }), null);
  assert.equal(usernameProblem('administrator', { operator: true }), null);
  for (const name of ['root', 'panel', 'postgres', 'mysql', 'nobody', 'www', 'api']) {
    assert.match(usernameProblem(name, { operator: true }) ?? '', reserved, name);
  }
});

test('ordinary usernames pass, and badly formed ones are told what is wrong rather than "reserved"', () => {
  for (const name of ['alice', 'panelfan', 'rooted', 'postgres2', 'admins', 'www1', 'a']) assert.equal(usernameProblem(name), null, name);
  const wrong: [string, string][] = [
    ['Panel', '"P" is not allowed in a username: use lowercase letters (a-z) and digits.'],
    ['pg_admin', '"_" is not allowed in a username: use lowercase letters (a-z) and digits.'],
    ['www-data', '"-" is not allowed in a username: use lowercase letters (a-z) and digits.'],
    ['my name.x', 'a space and "." are not allowed in a username: use lowercase letters (a-z) and digits.'],
    ['1alice', 'A username starts with a lowercase letter, not "1".'],
    ['', 'Choose a username.'],
    ['a'.repeat(31), 'A username has at most 30 characters; this one has 31.'],
  ];
  for (const [name, message] of wrong) {
    assert.equal(usernameProblem(name), message, name);
    assert.notEqual(usernameProblem(name), USERNAME_RULE);
    const issues = SignupRequest.safeParse({ username: name, password: 'long enough' }).error?.issues ?? [];
    assert.deepEqual(issues.map((i) => i.message), [message], name);
  }
});
