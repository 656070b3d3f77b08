import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { PlatformInstanceEntity } from '@panel/database';
import { AbortedError } from '@panel/jobs';
import { PANEL_CONFIG } from '@panel/nest';
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Repository } from 'typeorm';
import {
  type CpuWeight,
  type ExecResult,
  type ExecSpec,
  type LongRunningSpec,
  type NodeFacts,
  type NodeRuntime,
  type OneOffSpec,
  type OwnerOf,
  type Terminal,
  type WorkloadDetails,
  type WorkloadKind,
  WorkloadExistsError,
  type WorkloadOwner,
  type WorkloadSelector,
  type WorkloadState,
  type WorkloadSummary,
} from './node-runtime';
import { withTimeout } from './with-timeout';
import { isPlacedHere, LABEL, ownerFromLabels, type Placement, selectorFilters, workloadLabels, workloadName } from './workload-labels';

/** How long any one call to the engine may take before the worker gives up on it. */
const CALL_TIMEOUT_MS = 30_000;
const EXEC_TIMEOUT_MS = 15_000;

/** Docker's CPU shares for each weight (cgroup cpu.shares / cpu.weight): 1024 is the engine's default. */
const CPU_SHARES: Record<CpuWeight, number> = { normal: 1024, low: 102 };

const statusCode = (error: unknown) => (error as { statusCode?: number }).statusCode;

/**
 * NodeRuntime on the node's Docker engine. The worker's only door to Docker: every call is bounded by a timeout
 * (and a job's signal where there is one), and everything it makes carries the labels of workload-labels.ts.
 */
@Injectable()
export class DockerNodeRuntime implements NodeRuntime, OnModuleInit {
  private readonly logger = new Logger(DockerNodeRuntime.name);
  private readonly docker: Docker;
  /** The user network's gateway: where account containers reach MySQL and PostgreSQL. */
  private gateway: string | null = null;
  private placementRead?: Promise<Placement>;

  constructor(
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
    @InjectRepository(PlatformInstanceEntity) private readonly instance: Repository<PlatformInstanceEntity>,
  ) {
    this.docker = new Docker(dockerOptions(config.dockerHost));
  }

  async onModuleInit() {
    await this.ensureUserNetwork();
    await this.removeUnlabelledLeftovers();
  }

  /** This platform's instance id (read once from its database) and this node. */
  placement(): Promise<Placement> {
    this.placementRead ??= this.instance.findOneByOrFail({ id: 1 }).then(
      (row) => ({ instanceId: row.instanceId, nodeId: this.config.nodeId }),
      (error) => {
        this.placementRead = undefined;
        throw error;
      },
    );
    return this.placementRead;
  }

  async facts(): Promise<NodeFacts> {
    const info = await this.call('info', this.docker.info());
    return { name: info.Name, cpus: info.NCPU, memoryBytes: info.MemTotal };
  }

  async hasImage(image: string): Promise<boolean> {
    try {
      await this.call('image inspect', this.docker.getImage(image).inspect());
      return true;
    } catch (error) {
      if (statusCode(error) === 404) return false;
      throw error;
    }
  }

  async cpuSeconds(id: string): Promise<number | null> {
    // The engine on this machine: its cgroup counter is a file read, where a stats request takes the engine a while
    // (and a short run ends before its answer comes).
    if (this.config.dockerHost.startsWith('unix:')) {
      const fromCgroup = await cgroupCpuSeconds(id);
      if (fromCgroup !== undefined) return fromCgroup;
    }
    try {
      // One sample, without the second one Docker otherwise waits a second for (it only needs it for a percentage).
      const stats = (await this.call('container stats', this.docker.getContainer(id).stats({ stream: false, 'one-shot': true } as { stream: false }))) as {
        cpu_stats?: { cpu_usage?: { total_usage?: number } };
        pids_stats?: { current?: number };
      };
      const total = stats.cpu_stats?.cpu_usage?.total_usage;
      // A stopped container answers with zeros: not running, nothing to count.
      if (!total || !stats.pids_stats?.current) return null;
      return total / 1e9;
    } catch (error) {
      if (statusCode(error) === 404 || statusCode(error) === 409) return null;
      throw error;
    }
  }

  async setCpuWeight(id: string, weight: CpuWeight): Promise<void> {
    try {
      await this.call('container update', this.docker.getContainer(id).update({ CpuShares: CPU_SHARES[weight] }));
    } catch (error) {
      // Gone or stopped in the meantime: its next container starts at the weight the next pass gives it.
      if (statusCode(error) === 404 || statusCode(error) === 409) return;
      throw error;
    }
  }

  /**
   * Reads a one-off's CPU seconds ten times a second while it runs: its cgroup goes with it, so what it uses after
   * the last reading (a tenth of a second) is not counted.
   */
  private sampleCpu(id: string, report: (workloadId: string, seconds: number) => void) {
    const read = () =>
      this.cpuSeconds(id).then(
        (seconds) => seconds !== null && report(id, seconds),
        () => undefined,
      );
    const timer = setInterval(() => void read(), 100);
    return { stop: () => clearInterval(timer) };
  }

  async consoleName(username: string, pythonVersion: string): Promise<string> {
    return workloadName(await this.placement(), { kind: 'console', accountId: 0, username, pythonVersion }, '');
  }

  async runToCompletion(spec: OneOffSpec): Promise<number> {
    const container = await this.call('container create', this.docker.createContainer(await this.createOptions(spec, false)), spec.signal);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`the container ran longer than ${Math.round(spec.timeoutMs / 1000)} s`)), spec.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal;
    try {
      const stream = await this.call('container attach', container.attach({ stream: true, stdout: true, stderr: true }), signal);
      const output = new PassThrough();
      this.docker.modem.demuxStream(stream, output, output);
      let writes = Promise.resolve();
      output.on('data', (chunk: Buffer) => {
        writes = writes.then(() => spec.onOutput(chunk.toString('utf8')));
      });
      const ended = new Promise<void>((resolve) => stream.on('end', resolve));
      await this.call('container start', container.start(), signal);
      const sampler = spec.onCpuSeconds ? this.sampleCpu(container.id, spec.onCpuSeconds) : undefined;
      const result = await withTimeout('container wait', container.wait() as Promise<{ StatusCode: number }>, spec.timeoutMs + CALL_TIMEOUT_MS, signal).finally(() => sampler?.stop());
      await withTimeout('output drain', ended, 5_000).catch(() => undefined);
      await writes;
      return result.StatusCode;
    } catch (error) {
      if (error instanceof AbortedError) await container.kill().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  async startLongRunning(spec: LongRunningSpec, signal?: AbortSignal): Promise<string> {
    let container: Docker.Container;
    try {
      container = await this.call('container create', this.docker.createContainer(await this.createOptions(spec, spec.restartOnExit)), signal);
    } catch (error) {
      if (statusCode(error) === 409) throw new WorkloadExistsError(`a container of ${spec.owner.username} (${spec.owner.kind}) exists already`);
      throw error;
    }
    try {
      await this.call('container start', container.start(), signal);
      return container.id;
    } catch (error) {
      await container.remove({ force: true }).catch(() => undefined);
      throw error;
    }
  }

  async start(id: string): Promise<void> {
    await this.call('container start', this.docker.getContainer(id).start()).catch((error) => {
      if (statusCode(error) !== 304) throw error; // 304: it runs already
    });
  }

  async stopAndRemove(id: string, graceSeconds: number): Promise<void> {
    const container = this.docker.getContainer(id);
    await withTimeout('container stop', container.stop({ t: graceSeconds }), graceSeconds * 1000 + CALL_TIMEOUT_MS).catch(() => undefined);
    await this.call('container remove', container.remove({ force: true })).catch(() => undefined);
  }

  async remove(id: string): Promise<void> {
    await this.call('container remove', this.docker.getContainer(id).remove({ force: true })).catch(() => undefined);
  }

  async inspect(idOrName: string, signal?: AbortSignal): Promise<WorkloadDetails | null> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.call('container inspect', this.docker.getContainer(idOrName).inspect(), signal);
    } catch (error) {
      if (statusCode(error) === 404) return null;
      throw error;
    }
    const placement = await this.placement();
    const owner = ownerFromLabels(info.Config.Labels);
    if (!owner || !isPlacedHere(placement, info.Config.Labels)) return null;
    const state = info.State;
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      state: state.Restarting ? 'restarting' : (state.Status as WorkloadState),
      owner,
      user: info.Config.User,
      // While the engine waits to restart it, it counts as running and ExitCode is the exit it restarts after.
      exitCode: state.Running && !state.Restarting ? null : state.ExitCode,
      restartCount: info.RestartCount,
    };
  }

  async list<S extends WorkloadSelector>(selector: S): Promise<WorkloadSummary<OwnerOf<S['kind']>>[]> {
    const placement = await this.placement();
    const found = await this.call('container list', this.docker.listContainers({ all: true, filters: { label: selectorFilters(placement, selector) } }));
    return found.flatMap((c) => {
      const owner = ownerFromLabels(c.Labels);
      return isKind<S['kind']>(owner, selector.kind) ? [{ id: c.Id, name: c.Names[0]?.replace(/^\//, '') ?? c.Id, state: c.State as WorkloadState, owner }] : [];
    });
  }

  async recentOutput(id: string, lines: number): Promise<string> {
    try {
      const buffer = (await this.call('container logs', this.docker.getContainer(id).logs({ stdout: true, stderr: true, tail: lines }))) as unknown as Buffer;
      return demux(buffer);
    } catch {
      return '';
    }
  }

  async exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    const handle = this.docker.getContainer(id);
    const exec = await this.call('exec create', handle.exec({ Cmd: spec.cmd, User: spec.user, AttachStdout: true, AttachStderr: true }));
    const stream = await this.call('exec start', exec.start({ hijack: true, stdin: false }));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on('data', (c: Buffer) => out.push(c));
    stderr.on('data', (c: Buffer) => err.push(c));
    this.docker.modem.demuxStream(stream, stdout, stderr);
    try {
      await withTimeout(
        `exec ${spec.cmd.slice(0, 2).join(' ')}`,
        new Promise<void>((resolve, reject) => {
          stream.on('end', resolve);
          stream.on('close', resolve);
          stream.on('error', reject);
        }),
        spec.timeoutMs ?? EXEC_TIMEOUT_MS,
      );
    } finally {
      stream.destroy();
    }
    const info = await this.call('exec inspect', exec.inspect());
    return { exitCode: info.ExitCode ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  }

  async openTerminal(id: string, spec: { cmd: string[]; user: string; env: Record<string, string> }): Promise<Terminal> {
    const exec = await this.call(
      'exec create',
      this.docker.getContainer(id).exec({
        Cmd: spec.cmd,
        User: spec.user,
        Env: envList(spec.env),
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
      }),
    );
    const stream = (await this.call('exec start', exec.start({ hijack: true, stdin: true, Tty: true }))) as Duplex;
    return {
      stream,
      resize: async (cols, rows) => {
        await this.call('exec resize', exec.resize({ h: rows, w: cols }));
      },
    };
  }

  watchStarts<S extends WorkloadSelector>(selector: S, onStart: (workload: WorkloadSummary<OwnerOf<S['kind']>>) => void): { close(): void } {
    let closed = false;
    let current: Readable | undefined;
    const follow = async () => {
      while (!closed) {
        try {
          const placement = await this.placement();
          const stream = (await this.docker.getEvents({
            filters: { type: ['container'], event: ['restart', 'start'], label: selectorFilters(placement, selector) },
          })) as unknown as Readable;
          current = stream;
          let buffered = '';
          stream.on('data', (chunk: Buffer) => {
            buffered += chunk.toString('utf8');
            let newline: number;
            while ((newline = buffered.indexOf('\n')) >= 0) {
              const line = buffered.slice(0, newline);
              buffered = buffered.slice(newline + 1);
              if (!line.trim()) continue;
              const event = JSON.parse(line) as { Actor?: { ID: string; Attributes?: Record<string, string> } };
              const owner = ownerFromLabels(event.Actor?.Attributes);
              if (isKind<S['kind']>(owner, selector.kind) && event.Actor) onStart({ id: event.Actor.ID, name: event.Actor.Attributes?.name ?? event.Actor.ID, state: 'running', owner });
            }
          });
          await new Promise<void>((resolve) => {
            stream.on('end', resolve);
            stream.on('close', resolve);
            stream.on('error', resolve);
          });
        } catch (error) {
          if (!closed) this.logger.warn(`Docker events: ${(error as Error).message}`);
        }
        if (!closed) await sleep(1_000);
      }
    };
    void follow();
    return {
      close: () => {
        closed = true;
        current?.destroy();
      },
    };
  }

  /**
   * The bridge network for account containers: inter-container traffic is off (icc=false), so one account's
   * containers cannot reach another's. Services on the host listen on loopback only, except those meant for users.
   */
  private async ensureUserNetwork(): Promise<void> {
    const name = this.config.userNetwork;
    const existing = await this.call('network list', this.docker.listNetworks({ filters: { name: [name] } }));
    const found = existing.find((n) => n.Name === name);
    if (found) {
      this.gateway = found.IPAM?.Config?.[0]?.Gateway ?? null;
      return;
    }
    this.logger.log(`creating the user network ${name}`);
    const created = await this.call(
      'network create',
      this.docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        Labels: { 'panel.network': 'users' },
        Options: { 'com.docker.network.bridge.enable_icc': 'false' },
      }),
    );
    const info = await this.call('network inspect', created.inspect());
    this.gateway = info.IPAM?.Config?.[0]?.Gateway ?? null;
  }

  /**
   * Containers made before labels carried the instance id have `panel.managed` and this node but no instance. They
   * are this platform's when they mount its data directory (homes, sockets); those are removed once, and the
   * reconciler starts their web apps again under the new labels. Another platform's are never touched.
   */
  private async removeUnlabelledLeftovers() {
    const old = await this.call('container list', this.docker.listContainers({ all: true, filters: { label: ['panel.managed=true', `${LABEL.node}=${this.config.nodeId}`] } }));
    for (const container of old) {
      if (container.Labels[LABEL.instance]) continue;
      const ours = (container.Mounts ?? []).some((m) => [this.config.dataDir, this.config.runtimeDir].some((dir) => m.Source === dir || m.Source?.startsWith(`${dir}/`)));
      if (!ours) continue;
      this.logger.log(`removing ${container.Names[0] ?? container.Id}, made before containers carried the platform's id`);
      await this.remove(container.Id);
    }
  }

  private async createOptions(spec: LongRunningSpec | OneOffSpec, restartOnExit: boolean): Promise<Docker.ContainerCreateOptions> {
    const placement = await this.placement();
    const owner: WorkloadOwner = spec.owner;
    // Consoles are found by name (one per account and Python version), so theirs has no random part.
    const unique = owner.kind === 'console' ? '' : randomBytes(3).toString('hex');
    return {
      name: workloadName(placement, owner, unique),
      Image: spec.image,
      Cmd: spec.cmd,
      User: spec.user,
      Env: envList(spec.env),
      WorkingDir: spec.workingDir,
      Hostname: 'hostname' in spec ? spec.hostname : undefined,
      Labels: workloadLabels(placement, owner),
      Tty: false,
      AttachStdout: owner.kind === 'job',
      AttachStderr: owner.kind === 'job',
      HostConfig: { ...this.accountHostConfig(spec.binds), ...(restartOnExit ? { RestartPolicy: { Name: 'unless-stopped' } } : {}) },
    };
  }

  /** The HostConfig every account container gets: limits, no privileges, no capabilities, the user network. */
  private accountHostConfig(binds: string[]): Docker.HostConfig {
    const limits = this.config.containerLimits;
    return {
      Binds: binds,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: limits.nanoCpus,
      PidsLimit: limits.pids,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      NetworkMode: this.config.userNetwork,
      Init: true,
      ExtraHosts: this.gateway ? [`mysql.panel.internal:${this.gateway}`, `postgres.panel.internal:${this.gateway}`] : [],
    };
  }

  private call<T>(what: string, promise: Promise<T>, signal?: AbortSignal): Promise<T> {
    return withTimeout(what, promise, CALL_TIMEOUT_MS, signal);
  }
}

function isKind<K extends WorkloadKind>(owner: WorkloadOwner | null, kind: K): owner is OwnerOf<K> {
  return owner?.kind === kind;
}

const envList = (env: Record<string, string>) => Object.entries(env).map(([k, v]) => `${k}=${v}`);

export function dockerOptions(dockerHost: string): Docker.DockerOptions {
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  return {
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 2376 : 2375)),
  };
}

/**
 * A container's CPU seconds from its cgroup on this machine (cgroup v1 or v2, Docker's cgroupfs or systemd driver):
 * undefined when none of those files is there (another layout, or not running: the engine is asked).
 */
async function cgroupCpuSeconds(id: string): Promise<number | undefined> {
  if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
  const candidates: [string, (text: string) => number][] = [
    [`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, (t) => Number(t) / 1e9],
    [`/sys/fs/cgroup/cpuacct/system.slice/docker-${id}.scope/cpuacct.usage`, (t) => Number(t) / 1e9],
    [`/sys/fs/cgroup/docker/${id}/cpu.stat`, usageUsec],
    [`/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`, usageUsec],
  ];
  for (const [path, parse] of candidates) {
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text !== null) return parse(text);
  }
  return undefined;
}

const usageUsec = (text: string) => Number(/^usage_usec (\d+)/m.exec(text)?.[1] ?? 0) / 1e6;

/** Docker's multiplexed log stream (8-byte frame headers) to text. */
function demux(buffer: Buffer): string {
  let out = '';
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    out += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  return out || buffer.toString('utf8');
}
