import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workspace';

/** Metrics every service exports through prom-client's default collectors. */
const DEFAULT_METRICS = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_heap_size_used_bytes',
  'nodejs_gc_duration_seconds',
];

/** Series Prometheus or kube-state-metrics produce, not our code. */
export const EXTERNAL_METRICS = [
  'up',
  'kube_pod_status_ready',
  'kube_pod_container_status_restarts_total',
];

/**
 * The metric names defined in the code: every `name: '...'` of a prom-client metric and every
 * name passed to the messaging library's counter/gauge/histogram helpers.
 */
export function definedMetricNames(): Set<string> {
  const names = new Set(DEFAULT_METRICS);
  const files = globSync('{apps,libs}/*/src/**/*.ts', { cwd: ROOT }).filter(
    (f) => !/\.spec\.ts$|__tests__|\/testing/.test(f),
  );
  for (const file of files) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    if (!source.includes('prom-client') && !source.includes('./messaging.metrics')) continue;
    for (const match of source.matchAll(/name:\s*'([a-z_][a-z0-9_]*)'/g)) names.add(match[1]);
    for (const match of source.matchAll(
      /(?:counter|gauge|histogram)\(\s*registry,\s*'([a-z_][a-z0-9_]*)'/g,
    ))
      names.add(match[1]);
    for (const match of source.matchAll(/reuse\(\s*registry,\s*'([a-z_][a-z0-9_]*)'/g))
      names.add(match[1]);
  }
  return names;
}

const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'count',
  'rate',
  'irate',
  'increase',
  'changes',
  'by',
  'without',
  'and',
  'or',
  'unless',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'histogram_quantile',
  'topk',
  'bottomk',
  'le',
  'offset',
  'bool',
  'time',
  'vector',
  'scalar',
  'abs',
  'clamp_min',
  'clamp_max',
  'label_replace',
  'delta',
  'deriv',
  'resets',
  'absent',
  'max_over_time',
  'min_over_time',
  'avg_over_time',
  'sum_over_time',
  'last_over_time',
  'round',
  'sort_desc',
]);

/** Metric names a PromQL expression selects (suffixes of histograms folded to the family). */
export function metricsInExpression(expr: string): string[] {
  const withoutMatchers = expr.replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '');
  const withoutGroupings = withoutMatchers.replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const tokens = withoutGroupings.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [
    ...new Set(
      tokens
        .filter((t) => !PROMQL_WORDS.has(t) && !t.includes(':') && !/^\d/.test(t))
        .map((t) => t.replace(/_(bucket|sum|count)$/, '')),
    ),
  ];
}
