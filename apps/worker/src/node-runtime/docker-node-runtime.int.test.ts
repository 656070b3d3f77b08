import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { runtimeImageFor } from '@panel/contracts';
import { AbortedError } from '@panel/jobs';
import { randomUUID } from 'node:crypto';
import { engineOf, runtimeOf } from '../testing/engine';
import { startTestWorker } from '../testing/test-worker';
import type { NodeRuntime } from './node-runtime';
import { LABEL, workloadLabels } from './workload-labels';

describe('the Docker node runtime against the real engine', () => {
  let worker: INestApplicationContext;
  let config: PanelConfig;
  let runtime: NodeRuntime;
  const image = runtimeImageFor('3.11');
  const job = (purpose: string) => ({ kind: 'job' as const, purpose, username: 'runtime-test' });
  const account = { user: '10999:10999', env: {}, workingDir: '/', binds: [] };

  before(async () => {
    ({ worker, config } = await startTestWorker());
    runtime = runtimeOf(worker);
  });
  after(() => worker?.close());

  test('a one-off container runs as the given uid with limits and streams its output', async () => {
    let output = '';
    const code = await runtime.runToCompletion({
      ...account,
      owner: job('limits'),
      image,
      cmd: ['bash', '-c', 'id -u; cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max; grep CapEff /proc/self/status; echo to-stderr >&2; exit 3'],
      timeoutMs: 60_000,
      onOutput: (text) => {
        output += text;
      },
    });
    assert.equal(code, 3);
    assert.match(output, /^10999$/m);
    assert.match(output, new RegExp(`^${config.containerLimits.pids}$`, 'm'));
    assert.match(output, /CapEff:\s+0000000000000000/);
    assert.match(output, /to-stderr/);
  });

  test('aborting kills and removes the container', async () => {
    const controller = new AbortController();
    const purpose = `abort-${Date.now()}`;
    const running = runtime.runToCompletion({ ...account, owner: job(purpose), image, cmd: ['sleep', '60'], timeoutMs: 60_000, signal: controller.signal, onOutput: () => undefined });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await runtime.list({ kind: 'job', purpose })).length, 1, 'the job container runs and is listed');
    const started = Date.now();
    controller.abort(new Error('cancelled'));
    await assert.rejects(running, AbortedError);
    assert.ok(Date.now() - started < 10_000);
    assert.deepEqual(await runtime.list({ kind: 'job', purpose }), []);
  });

  test('a container that outlives its time limit is stopped', async () => {
    await assert.rejects(runtime.runToCompletion({ ...account, owner: job('limit'), image, cmd: ['sleep', '60'], timeoutMs: 1000, onOutput: () => undefined }), /longer than 1 s/);
  });

  test("a long-running workload is named for what it is and carries the platform's instance id and node", async () => {
    const owner = { kind: 'webapp' as const, accountId: 1, username: 'runtime-test', webappId: 999_999, domain: 'runtime-test.apps.localhost', slot: `t${Date.now().toString(36)}` };
    const id = await runtime.startLongRunning({ ...account, owner, image, cmd: ['sleep', '60'], restartOnExit: false });
    try {
      const info = await runtime.inspect(id);
      assert.deepEqual(info?.owner, owner);
      assert.equal(info?.state, 'running');
      assert.match(info!.name, new RegExp(`^panel-[0-9a-f]{8}-${config.nodeId}-web-runtime-test\\.apps\\.localhost-${owner.slot}$`));
      const labels = (await engineOf(config).getContainer(id).inspect()).Config.Labels;
      assert.match(labels[LABEL.instance], /^[0-9a-f-]{36}$/);
      assert.equal(labels[LABEL.node], config.nodeId);
      assert.deepEqual((await runtime.list({ kind: 'webapp', webappId: owner.webappId })).map((w) => w.id), [id]);
    } finally {
      await runtime.stopAndRemove(id, 0);
    }
    assert.equal(await runtime.inspect(id), null);
  });

  test("another platform's container on the same engine, with the same ids and node, is neither listed nor inspected", async () => {
    const owner = { kind: 'webapp' as const, accountId: 1, username: 'other', webappId: 999_998, domain: 'other.apps.localhost', slot: 'x1' };
    const engine = engineOf(config);
    const other = await engine.createContainer({
      name: `other-platform-${Date.now()}`,
      Image: image,
      Cmd: ['sleep', '60'],
      Labels: workloadLabels({ instanceId: randomUUID(), nodeId: config.nodeId }, owner),
    });
    try {
      assert.deepEqual(await runtime.list({ kind: 'webapp', webappId: owner.webappId }), []);
      assert.equal(await runtime.inspect(other.id), null);
    } finally {
      await other.remove({ force: true });
    }
  });
});
