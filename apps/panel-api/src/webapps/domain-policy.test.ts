import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { domainAllowListed as allowListed } from '@panel/contracts';
import { domainProblem } from './domain-policy';

const context = { appsDomain: 'apps.localhost', ownDomain: 'alice.apps.localhost', platformHosts: ['localhost', 'panel.school.test'] };

describe('domain policy', () => {
  test("the account's own name under the apps domain is allowed", () => {
    assert.equal(domainProblem('alice.apps.localhost', context), null);
  });

  test('an ordinary custom domain is allowed (it routes once verified)', () => {
    assert.equal(domainProblem('www.alice-blog.org', context), null);
  });

  test('IP literals are refused', () => {
    for (const domain of ['127.0.0.1', '10.0.0.7', '192.168.1.1', '1.2.3.4']) assert.match(domainProblem(domain, context)!, /IP address/, domain);
  });

  test("another name under the apps domain, or the apps domain itself, is refused", () => {
    assert.match(domainProblem('bob.apps.localhost', context)!, /your web app's domain is alice\.apps\.localhost/);
    assert.match(domainProblem('x.alice.apps.localhost', context)!, /Under apps\.localhost/);
    assert.match(domainProblem('apps.localhost', context)!, /Under apps\.localhost/);
  });

  test('localhost names outside the apps domain are refused', () => {
    assert.match(domainProblem('evil.localhost', context)!, /localhost name/);
  });

  test("the dashboard's host, names under it and its parents are refused", () => {
    assert.match(domainProblem('panel.school.test', context)!, /belongs to the platform/);
    assert.match(domainProblem('x.panel.school.test', context)!, /belongs to the platform/);
    assert.match(domainProblem('school.test', context)!, /belongs to the platform/);
  });

  test("the platform's internal names are refused", () => {
    assert.match(domainProblem('mysql.panel.internal', context)!, /platform uses itself/);
  });

  test('the operator\'s allow-list takes exact names and *. patterns', () => {
    assert.equal(allowListed('a.example.test', ['*.example.test']), true);
    assert.equal(allowListed('example.test', ['*.example.test']), false);
    assert.equal(allowListed('example.test', ['example.test']), true);
    assert.equal(allowListed('badexample.test', ['*.example.test']), false);
  });
});
