/** One sample of a metric family: its labels and value. */
export interface Sample {
  labels?: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  samples: (Sample & { suffix?: '_bucket' | '_sum' | '_count' })[];
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** Prometheus' text exposition format (version 0.0.4). */
export function renderPrometheusText(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {});
      const rendered = labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      const value = Number.isFinite(sample.value) ? String(sample.value) : sample.value > 0 ? '+Inf' : 'NaN';
      lines.push(`${family.name}${sample.suffix ?? ''}${rendered} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A histogram family's samples from per-bucket cumulative counts, as Prometheus wants them. */
export function histogramSamples(labels: Record<string, string>, buckets: readonly number[], cumulative: readonly number[], count: number, sum: number): MetricFamily['samples'] {
  return [
    ...buckets.map((le, i) => ({ suffix: '_bucket' as const, labels: { ...labels, le: String(le) }, value: cumulative[i] })),
    { suffix: '_bucket' as const, labels: { ...labels, le: '+Inf' }, value: count },
    { suffix: '_sum' as const, labels, value: sum },
    { suffix: '_count' as const, labels, value: count },
  ];
}
