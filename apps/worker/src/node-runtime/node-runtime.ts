import type { Duplex } from 'node:stream';

/**
 * What a node runs for the platform, in the platform's words. Every container operation of the worker goes through
 * NodeRuntime; the Docker engine is its one driver today (DockerNodeRuntime), and another engine (Kubernetes) would be
 * a second class behind the same interface. Callers never see the engine's types.
 */
export const NODE_RUNTIME = Symbol('NODE_RUNTIME');

/** What a workload is for; each kind has its own labels, names and lifetime. */
export type WorkloadKind = 'webapp' | 'console' | 'job' | 'alwayson';

/** Who and what a workload belongs to; written as labels when it is made and read back from them. */
export type WorkloadOwner =
  | { kind: 'webapp'; accountId: number; username: string; webappId: number; domain: string; slot: string }
  | { kind: 'console'; accountId: number; username: string; pythonVersion: string }
  | { kind: 'job'; accountId?: number; username?: string; jobId?: string; purpose?: string }
  /** An always-on task; a new revision (an edit, a restart) is a new container. */
  | { kind: 'alwayson'; accountId: number; username: string; taskId: number; revision: number };

/** Which of this platform's workloads on this node a query wants; every query is limited to both. */
export type WorkloadSelector =
  | { kind: 'webapp'; webappId?: number; accountId?: number }
  | { kind: 'console'; accountId?: number }
  | { kind: 'job'; purpose?: string; jobId?: string }
  | { kind: 'alwayson'; accountId?: number; taskId?: number };

export type WorkloadState = 'created' | 'running' | 'restarting' | 'paused' | 'exited' | 'dead' | 'removing';

export interface WorkloadSummary<O extends WorkloadOwner = WorkloadOwner> {
  id: string;
  name: string;
  state: WorkloadState;
  owner: O;
}

/** The owner type of one kind, e.g. OwnerOf<'webapp'> has webappId and slot. */
export type OwnerOf<K extends WorkloadKind> = Extract<WorkloadOwner, { kind: K }>;

export interface WorkloadDetails extends WorkloadSummary {
  /** "uid:gid" the workload's processes run as. */
  user: string;
  exitCode: number | null;
  /** How many times the engine restarted it since it was made (a crash loop shows here). */
  restartCount: number;
}

/** The account side of every workload: who it runs as, its environment, its folders, where it starts. */
export interface AccountRun {
  /** "uid:gid"; never root for account work. */
  user: string;
  env: Record<string, string>;
  workingDir: string;
  /** "host:container[:ro]" folders. */
  binds: string[];
}

export interface LongRunningSpec extends AccountRun {
  owner: Exclude<WorkloadOwner, { kind: 'job' }>;
  image: string;
  cmd: string[];
  hostname?: string;
  /** Started again by the engine when it exits (and when the engine restarts). */
  restartOnExit: boolean;
}

export interface OneOffSpec extends AccountRun {
  owner: Extract<WorkloadOwner, { kind: 'job' }>;
  image: string;
  cmd: string[];
  /** Overall time limit for the run. */
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput: (text: string) => void | Promise<void>;
  /** Called a few times a second with the CPU seconds the run has used: a short run ends between the CPU passes. */
  onCpuSeconds?: (workloadId: string, seconds: number) => void;
}

export interface ExecSpec {
  cmd: string[];
  user: string;
  timeoutMs?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** An interactive program in a workload with a terminal: its bytes both ways, and its window size. */
export interface Terminal {
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
}

export interface NodeFacts {
  name: string;
  cpus: number;
  memoryBytes: number;
}

/** How much CPU a workload gets when CPUs are contended: an account past its daily allowance runs at `low`. */
export type CpuWeight = 'normal' | 'low';

/** A workload of that name exists already (another worker process made it first). */
export class WorkloadExistsError extends Error {}

export interface NodeRuntime {
  /** The node's name and size, for registration. */
  facts(): Promise<NodeFacts>;
  hasImage(image: string): Promise<boolean>;
  /** Runs to completion, streaming output, and removes it; the exit code. Rejects with AbortedError on cancel or timeout. */
  runToCompletion(spec: OneOffSpec): Promise<number>;
  /** Makes and starts a long-running workload; its id. A named one that exists already is WorkloadExistsError. */
  startLongRunning(spec: LongRunningSpec, signal?: AbortSignal): Promise<string>;
  /** Starts a stopped workload (a running one is left as it is). */
  start(id: string): Promise<void>;
  /** Stops gracefully (SIGTERM, then SIGKILL after graceSeconds) and removes it. */
  stopAndRemove(id: string, graceSeconds: number): Promise<void>;
  /** Removes at once. */
  remove(id: string): Promise<void>;
  /** By id or name; null when it does not exist or is not this platform's on this node. */
  inspect(idOrName: string, signal?: AbortSignal): Promise<WorkloadDetails | null>;
  list<S extends WorkloadSelector>(selector: S): Promise<WorkloadSummary<OwnerOf<S['kind']>>[]>;
  /** The last lines it printed. */
  recentOutput(id: string, lines: number): Promise<string>;
  exec(id: string, spec: ExecSpec): Promise<ExecResult>;
  openTerminal(id: string, spec: { cmd: string[]; user: string; env: Record<string, string> }): Promise<Terminal>;
  /** Calls onStart whenever the engine starts (or restarts) a workload the selector matches, until close. */
  watchStarts<S extends WorkloadSelector>(selector: S, onStart: (workload: WorkloadSummary<OwnerOf<S['kind']>>) => void): { close(): void };
  /** CPU seconds the workload's processes have used since it started; null when it is not running. */
  cpuSeconds(id: string): Promise<number | null>;
  /** Changes the workload's CPU weight while it runs (nothing is stopped). */
  setCpuWeight(id: string, weight: CpuWeight): Promise<void>;
  /** The name of an account's console workload for a Python version: consoles are found by it. */
  consoleName(username: string, pythonVersion: string): Promise<string>;
}
