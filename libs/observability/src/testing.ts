// Test helpers: read a /metrics answer with a real Prometheus text parser.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse = require('parse-prometheus-text-format') as (text: string) => MetricFamily[];

export interface MetricSample {
  labels?: Record<string, string>;
  value?: string;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: MetricSample[];
}

/** Parses Prometheus text exposition format; throws on malformed input. */
export function parsePrometheusText(text: string): MetricFamily[] {
  return parse(text);
}
