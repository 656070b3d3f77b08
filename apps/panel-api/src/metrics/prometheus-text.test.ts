import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { histogramSamples, renderPrometheusText } from './prometheus-text';

describe('the Prometheus text format', () => {
  test('a gauge family has its HELP and TYPE lines, then one line per sample with escaped labels', () => {
    const text = renderPrometheusText([{ name: 'panel_nodes', help: 'Nodes by state.', type: 'gauge', samples: [{ labels: { state: 'active' }, value: 2 }, { labels: { state: 'a"b\\c' }, value: 0 }] }]);
    assert.equal(text, '# HELP panel_nodes Nodes by state.\n# TYPE panel_nodes gauge\npanel_nodes{state="active"} 2\npanel_nodes{state="a\\"b\\\\c"} 0\n');
  });

  test('a histogram has cumulative buckets ending in +Inf, then its sum and count', () => {
    const text = renderPrometheusText([{ name: 'd_seconds', help: 'x', type: 'histogram', samples: histogramSamples({ name: 'r' }, [1, 5], [2, 3], 4, 12.5) }]);
    assert.match(text, /^d_seconds_bucket\{name="r",le="1"\} 2$/m);
    assert.match(text, /^d_seconds_bucket\{name="r",le="5"\} 3$/m);
    assert.match(text, /^d_seconds_bucket\{name="r",le="\+Inf"\} 4$/m);
    assert.match(text, /^d_seconds_sum\{name="r"\} 12.5$/m);
    assert.match(text, /^d_seconds_count\{name="r"\} 4$/m);
  });
});
