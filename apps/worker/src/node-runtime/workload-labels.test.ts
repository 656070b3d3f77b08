import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkloadOwner } from './node-runtime';
import { isPlacedHere, LABEL, ownerFromLabels, selectorFilters, workloadLabels, workloadName } from './workload-labels';

const here = { instanceId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', nodeId: 'node-a' };

describe('workload labels', () => {
  const owners: WorkloadOwner[] = [
    { kind: 'webapp', accountId: 7, username: 'alice', webappId: 3, domain: 'alice.apps.localhost', slot: 'lq3-abc' },
    { kind: 'console', accountId: 7, username: 'alice', pythonVersion: '3.11' },
    { kind: 'job', accountId: 7, username: 'alice', jobId: 'j-1', purpose: 'environment.build' },
    { kind: 'alwayson', accountId: 7, username: 'alice', taskId: 12, revision: 3 },
  ];

  test('every owner reads back from its labels as it was written', () => {
    for (const owner of owners) assert.deepEqual(ownerFromLabels(workloadLabels(here, owner)), owner);
  });

  test('the account id and the username are labels of their own, the id always a number', () => {
    const labels = workloadLabels(here, owners[1]);
    assert.equal(labels[LABEL.accountId], '7');
    assert.equal(labels[LABEL.username], 'alice');
    assert.equal(ownerFromLabels({ ...labels, [LABEL.accountId]: 'alice' }), null);
  });

  test('every query filters on the instance and the node', () => {
    for (const selector of [{ kind: 'webapp' as const }, { kind: 'console' as const, accountId: 7 }, { kind: 'job' as const }]) {
      const filters = selectorFilters(here, selector);
      assert.ok(filters.includes(`${LABEL.instance}=${here.instanceId}`));
      assert.ok(filters.includes(`${LABEL.node}=node-a`));
    }
    assert.ok(selectorFilters(here, { kind: 'webapp', webappId: 3 }).includes(`${LABEL.webappId}=3`));
    assert.ok(selectorFilters(here, { kind: 'job', jobId: 'j-1' }).includes(`${LABEL.jobId}=j-1`));
  });

  test('labels of another instance or another node are not placed here', () => {
    assert.ok(isPlacedHere(here, workloadLabels(here, owners[0])));
    assert.ok(!isPlacedHere(here, workloadLabels({ ...here, instanceId: 'another' }, owners[0])));
    assert.ok(!isPlacedHere(here, workloadLabels({ ...here, nodeId: 'node-b' }, owners[0])));
  });

  test('names say what a container is and whose', () => {
    assert.equal(workloadName(here, owners[0], 'u'), 'panel-0f1e2d3c-node-a-web-alice.apps.localhost-lq3-abc');
    assert.equal(workloadName(here, owners[1], ''), 'panel-0f1e2d3c-node-a-console-alice-3.11');
    assert.equal(workloadName(here, owners[2], 'a1b2c3'), 'panel-0f1e2d3c-node-a-job-environment.build-alice-a1b2c3');
    assert.equal(workloadName(here, owners[3], 'ignored'), 'panel-0f1e2d3c-node-a-alwayson-alice-12-r3');
  });
});
