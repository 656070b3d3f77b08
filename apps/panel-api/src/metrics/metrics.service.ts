import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NODE_STATES, nodeQueueName, QueueName } from '@panel/contracts';
import { JobEnqueuer } from '@panel/jobs';
import { DataSource } from 'typeorm';
import { NodeDirectory } from '../nodes/node-directory.service';
import { histogramSamples, MetricFamily, renderPrometheusText } from './prometheus-text';

/** Upper bounds (seconds) of the job duration buckets: a reload takes seconds, a build minutes. */
const DURATION_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800] as const;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/**
 * The platform as Prometheus sees it, read from the rows and queues at each scrape (nothing is kept in memory, so
 * every panel-api process answers the same): nodes by state, what is placed on each, queue depths, and the
 * durations of finished jobs by name (a reload's latency is `panel_job_duration_seconds{name="webapp.reload"}`).
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly directory: NodeDirectory,
    private readonly enqueuer: JobEnqueuer,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async render(): Promise<string> {
    const nodes = await Promise.all((await this.directory.all()).map((entry) => this.directory.view(entry)));
    const families: MetricFamily[] = [
      {
        name: 'panel_nodes',
        help: 'Registered nodes by state.',
        type: 'gauge',
        samples: NODE_STATES.map((state) => ({ labels: { state }, value: nodes.filter((n) => n.state === state).length })),
      },
      { name: 'panel_node_online', help: 'Whether the node heartbeats (1) or not (0).', type: 'gauge', samples: nodes.map((n) => ({ labels: { node: n.id }, value: n.online ? 1 : 0 })) },
      { name: 'panel_node_accounts', help: 'Accounts whose home is the node.', type: 'gauge', samples: nodes.map((n) => ({ labels: { node: n.id }, value: n.accounts })) },
      { name: 'panel_node_webapps', help: 'Web apps placed on the node.', type: 'gauge', samples: nodes.map((n) => ({ labels: { node: n.id }, value: n.webapps })) },
      { name: 'panel_node_consoles', help: 'Consoles on the node.', type: 'gauge', samples: nodes.map((n) => ({ labels: { node: n.id }, value: n.consoles })) },
      { name: 'panel_node_load_average', help: "The node's 1-minute load average at its last heartbeat.", type: 'gauge', samples: nodes.filter((n) => n.loadAverage !== null).map((n) => ({ labels: { node: n.id }, value: n.loadAverage! })) },
      { name: 'panel_node_queued_jobs', help: 'Jobs waiting for or running on the node.', type: 'gauge', samples: nodes.map((n) => ({ labels: { node: n.id }, value: n.queuedJobs })) },
      { name: 'panel_node_memory_bytes', help: "The node's memory.", type: 'gauge', samples: nodes.map((n) => ({ labels: { node: n.id }, value: n.capacity.memoryBytes })) },
      await this.queueDepths([QueueName.Shared, ...nodes.map((n) => nodeQueueName(n.id))]),
      ...(await this.jobFamilies()),
    ];
    return renderPrometheusText(families);
  }

  private async queueDepths(queues: string[]): Promise<MetricFamily> {
    const samples: MetricFamily['samples'] = [];
    for (const queue of queues) {
      const counts = await this.enqueuer.queue(queue).getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) samples.push({ labels: { queue, state }, value: counts[state] ?? 0 });
    }
    return { name: 'panel_queue_jobs', help: 'Jobs in each BullMQ queue by state.', type: 'gauge', samples };
  }

  /** From the jobs table in one aggregate query: counts by name and status, and finished jobs' durations. */
  private async jobFamilies(): Promise<MetricFamily[]> {
    const bucketColumns = DURATION_BUCKETS.map((le, i) => `SUM(d <= ${le}) AS b${i}`).join(', ');
    const rows = (await this.dataSource.query(
      `SELECT name, status, COUNT(*) AS n, COALESCE(SUM(d), 0) AS total, ${bucketColumns}
         FROM (SELECT name, status, TIMESTAMPDIFF(MICROSECOND, started_at, finished_at) / 1e6 AS d FROM jobs) j
        GROUP BY name, status ORDER BY name, status`,
    )) as Record<string, string | number | null>[];
    const totals: MetricFamily = { name: 'panel_jobs', help: 'Jobs recorded, by name and status.', type: 'gauge', samples: [] };
    const durations: MetricFamily = { name: 'panel_job_duration_seconds', help: 'How long finished jobs ran, by name and status.', type: 'histogram', samples: [] };
    for (const row of rows) {
      const labels = { name: String(row.name), status: String(row.status) };
      totals.samples.push({ labels, value: Number(row.n) });
      if (row.status !== 'succeeded' && row.status !== 'failed') continue;
      const cumulative = DURATION_BUCKETS.map((_, i) => Number(row[`b${i}`] ?? 0));
      durations.samples.push(...histogramSamples(labels, DURATION_BUCKETS, cumulative, Number(row.n), Number(row.total)));
    }
    return [totals, durations];
  }
}
