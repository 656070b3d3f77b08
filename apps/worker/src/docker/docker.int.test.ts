import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '@panel/config';
import { runtimeImageFor } from '@panel/contracts';
import { DockerService } from './docker.service';
import { AbortedError } from '@panel/jobs';

describe('DockerService against the real engine', () => {
  const config = loadConfig();
  const docker = new DockerService(config);
  const image = runtimeImageFor('3.11');

  before(() => docker.ensureUserNetwork());

  test('a one-off container runs as the given uid with limits and streams its output', async () => {
    let output = '';
    const code = await docker.runOneOff({
      image,
      cmd: ['bash', '-c', 'id -u; cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max; grep CapEff /proc/self/status; echo to-stderr >&2; exit 3'],
      user: '10999:10999',
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
    const label = `abort-${Date.now()}`;
    const running = docker.runOneOff({
      image,
      cmd: ['sleep', '60'],
      user: '10999:10999',
      labels: { 'panel.test': label },
      timeoutMs: 60_000,
      signal: controller.signal,
      onOutput: () => undefined,
    });
    await new Promise((r) => setTimeout(r, 1500));
    const started = Date.now();
    controller.abort(new Error('cancelled'));
    await assert.rejects(running, AbortedError);
    assert.ok(Date.now() - started < 10_000);
    const left = await docker.docker.listContainers({ all: true, filters: { label: [`panel.test=${label}`] } });
    assert.deepEqual(left, []);
  });

  test('a container that outlives its time limit is stopped', async () => {
    await assert.rejects(
      docker.runOneOff({ image, cmd: ['sleep', '60'], user: '10999:10999', timeoutMs: 1000, onOutput: () => undefined }),
      /longer than 1 s/,
    );
  });

  after(() => undefined);
});
