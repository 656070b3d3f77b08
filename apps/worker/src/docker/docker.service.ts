import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { PANEL_CONFIG } from '@panel/nest';
import Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { AbortedError } from '@panel/jobs';
import { withTimeout } from './with-timeout';

const CALL_TIMEOUT_MS = 30_000;

export interface OneOffContainerSpec {
  image: string;
  cmd: string[];
  /** "uid:gid"; never root for account work. */
  user: string;
  env?: Record<string, string>;
  workingDir?: string;
  binds?: string[];
  labels?: Record<string, string>;
  /** Overall time limit for the container's run. */
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput: (text: string) => void | Promise<void>;
}

/** The worker's only door to its node's Docker engine. Every call is bounded by a timeout and the job's signal. */
@Injectable()
export class DockerService implements OnModuleInit {
  private readonly logger = new Logger(DockerService.name);
  readonly docker: Docker;
  /** The user network's gateway: where account containers reach MySQL and PostgreSQL. */
  private gateway: string | null = null;

  constructor(@Inject(PANEL_CONFIG) private readonly config: PanelConfig) {
    this.docker = new Docker(dockerOptions(config.dockerHost));
  }

  async onModuleInit() {
    await this.ensureUserNetwork();
  }

  info(): Promise<{ NCPU: number; MemTotal: number; Name: string }> {
    return withTimeout('info', this.docker.info(), CALL_TIMEOUT_MS);
  }

  async imageExists(image: string): Promise<boolean> {
    try {
      await withTimeout('image inspect', this.docker.getImage(image).inspect(), CALL_TIMEOUT_MS);
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    }
  }

  /**
   * The bridge network for account containers: inter-container traffic is off (icc=false), so one account's
   * containers cannot reach another's. Services on the host listen on loopback only, except those meant for users.
   */
  async ensureUserNetwork(): Promise<void> {
    const name = this.config.userNetwork;
    const existing = await withTimeout('network list', this.docker.listNetworks({ filters: { name: [name] } }), CALL_TIMEOUT_MS);
    const found = existing.find((n) => n.Name === name);
    if (found) {
      this.gateway = found.IPAM?.Config?.[0]?.Gateway ?? null;
      return;
    }
    this.logger.log(`creating the user network ${name}`);
    const created = await withTimeout(
      'network create',
      this.docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        Labels: { 'panel.managed': 'true' },
        Options: { 'com.docker.network.bridge.enable_icc': 'false' },
      }),
      CALL_TIMEOUT_MS,
    );
    const info = await withTimeout('network inspect', created.inspect(), CALL_TIMEOUT_MS);
    this.gateway = info.IPAM?.Config?.[0]?.Gateway ?? null;
  }

  /** The HostConfig every account container gets: limits, no privileges, no capabilities, the user network. */
  accountHostConfig(binds: string[]): Docker.HostConfig {
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

  /**
   * Runs a container to completion, streaming its output, and removes it. Resolves with its exit code; rejects with
   * AbortedError when the signal fires (the container is killed first) or on timeout.
   */
  async runOneOff(spec: OneOffContainerSpec): Promise<number> {
    const container = await withTimeout(
      'container create',
      this.docker.createContainer({
        Image: spec.image,
        Cmd: spec.cmd,
        User: spec.user,
        Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
        WorkingDir: spec.workingDir,
        Labels: { 'panel.managed': 'true', 'panel.node': this.config.nodeId, ...spec.labels },
        Tty: false,
        AttachStdout: true,
        AttachStderr: true,
        HostConfig: this.accountHostConfig(spec.binds ?? []),
      }),
      CALL_TIMEOUT_MS,
      spec.signal,
    );
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`the container ran longer than ${Math.round(spec.timeoutMs / 1000)} s`)), spec.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal;
    try {
      const stream = await withTimeout('container attach', container.attach({ stream: true, stdout: true, stderr: true }), CALL_TIMEOUT_MS, signal);
      const output = new PassThrough();
      this.docker.modem.demuxStream(stream, output, output);
      let writes = Promise.resolve();
      output.on('data', (chunk: Buffer) => {
        writes = writes.then(() => spec.onOutput(chunk.toString('utf8')));
      });
      const ended = new Promise<void>((resolve) => stream.on('end', resolve));
      await withTimeout('container start', container.start(), CALL_TIMEOUT_MS, signal);
      const result = await withTimeout('container wait', container.wait() as Promise<{ StatusCode: number }>, spec.timeoutMs + CALL_TIMEOUT_MS, signal);
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
}

export function dockerOptions(dockerHost: string): Docker.DockerOptions {
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  return {
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 2376 : 2375)),
  };
}
