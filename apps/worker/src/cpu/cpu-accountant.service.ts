import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { addCpuSeconds, cpuPeriod, cpuSecondsUsed, saveCpuMarks, WorkloadCpuMarkEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { DataSource, In } from 'typeorm';
import { PeriodicPass, PeriodicService } from '../leadership/periodic-pass';
import { type CpuWeight, NODE_RUNTIME, type NodeRuntime } from '../node-runtime/node-runtime';
import { TASK_RUN_PURPOSE } from '../tasks/task-run-purpose';

/** Docker answers each stats request on its own: this many at once keeps a pass short without flooding it. */
const CONCURRENT_READS = 8;

interface Counted {
  accountId: number;
  seconds: number;
}

/**
 * Counts the CPU seconds of this node's account consoles, task runs and always-on tasks (web apps are not counted,
 * as on PythonAnywhere) into each account's daily row, and runs an account past its allowance at a low CPU weight
 * until the daily reset; nothing is stopped. Each pass adds what a workload used since its mark (stored, so a worker
 * restart counts nothing twice); task runs also report every second while they run, since most end between passes.
 */
@Injectable()
export class CpuAccountant extends PeriodicService {
  private readonly logger = new Logger(CpuAccountant.name);
  protected readonly passes: PeriodicPass;
  /** The latest reading a task run reported, by workload, waiting for the next pass. */
  private readonly reported = new Map<string, Counted>();
  /** The weight this worker gave each workload; one it has not seen yet is set at its first pass. */
  private readonly weights = new Map<string, CpuWeight>();

  constructor(
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
    @Inject(NODE_RUNTIME) private readonly runtime: NodeRuntime,
    private readonly dataSource: DataSource,
  ) {
    super();
    this.passes = new PeriodicPass(this.logger, 'CPU count', () => this.pass(), config.cpu.sampleSeconds * 1000);
  }

  /** A running task's reading (called by the task runner while the run goes on). */
  report(workloadId: string, accountId: number, seconds: number) {
    const previous = this.reported.get(workloadId);
    if (!previous || seconds > previous.seconds) this.reported.set(workloadId, { accountId, seconds });
  }

  private async pass() {
    const readings = new Map<string, Counted>(this.reported);
    this.reported.clear();
    const workloads = [
      ...(await this.runtime.list({ kind: 'console' })),
      ...(await this.runtime.list({ kind: 'alwayson' })),
      ...(await this.runtime.list({ kind: 'job', purpose: TASK_RUN_PURPOSE })),
    ];
    const running = new Map<string, number>();
    for (const workload of workloads) {
      if (workload.state === 'running' && workload.owner.accountId !== undefined) running.set(workload.id, workload.owner.accountId);
    }
    // A node holds many consoles: their counters are read a few at a time, not one after another.
    const ids = [...running.keys()];
    for (let i = 0; i < ids.length; i += CONCURRENT_READS) {
      const batch = ids.slice(i, i + CONCURRENT_READS);
      const values = await Promise.all(batch.map((id) => this.runtime.cpuSeconds(id).catch(() => null)));
      batch.forEach((workloadId, n) => {
        const seconds = values[n];
        if (seconds === null) return;
        const previous = readings.get(workloadId);
        if (!previous || seconds > previous.seconds) readings.set(workloadId, { accountId: running.get(workloadId)!, seconds });
      });
    }

    const period = cpuPeriod(new Date(), this.config.cpu.resetAt);
    const accounts = await this.dataSource.transaction(async (manager) => {
      const marks = manager.getRepository(WorkloadCpuMarkEntity);
      const known = new Map((await marks.findBy({ nodeId: this.config.nodeId })).map((m) => [m.workloadId, m]));
      const added = new Map<number, number>();
      for (const [workloadId, reading] of readings) {
        const mark = known.get(workloadId);
        // A counter below its mark started again (the engine restarted the workload): all of it is new.
        const delta = mark && reading.seconds >= mark.cpuSeconds ? reading.seconds - mark.cpuSeconds : reading.seconds;
        if (delta > 0) added.set(reading.accountId, (added.get(reading.accountId) ?? 0) + delta);
      }
      await saveCpuMarks(manager, this.config.nodeId, [...readings].map(([workloadId, r]) => ({ workloadId, accountId: r.accountId, seconds: r.seconds })));
      await addCpuSeconds(manager, period.start, added);
      const gone = [...known.keys()].filter((id) => !running.has(id) && !readings.has(id));
      if (gone.length) await marks.delete({ workloadId: In(gone) });
      return cpuSecondsUsed(manager, period.start, [...new Set(running.values())]);
    });

    for (const [workloadId, accountId] of running) {
      const weight: CpuWeight = (accounts.get(accountId) ?? 0) > this.config.cpu.dailySeconds ? 'low' : 'normal';
      // A workload seen for the first time is set too: a worker restart must not leave one low after the reset.
      if (this.weights.get(workloadId) === weight) continue;
      await this.runtime.setCpuWeight(workloadId, weight);
      this.weights.set(workloadId, weight);
      if (weight === 'low') this.logger.log(`account ${accountId} is past its ${this.config.cpu.dailySeconds} CPU seconds: ${workloadId.slice(0, 12)} runs at a low weight`);
    }
    for (const workloadId of this.weights.keys()) if (!running.has(workloadId)) this.weights.delete(workloadId);
  }
}
