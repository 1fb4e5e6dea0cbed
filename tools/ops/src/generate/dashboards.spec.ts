import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { definedMetricNames, EXTERNAL_METRICS, metricsInExpression } from '../support/metric-names';
import { startPrometheus } from '../support/prometheus-server';
import { DASHBOARDS } from './dashboards';
import { RULES_FILE } from './prometheus-rule';

const panelQueries = DASHBOARDS.flatMap((d) =>
  d.rows.flatMap((r) =>
    r.panels.flatMap((p) => p.queries.map((q) => [`${d.uid}: ${p.title}`, q.expr])),
  ),
);
const ruleExpressions = (
  parse(readFileSync(RULES_FILE, 'utf8')) as {
    groups: { rules: { alert?: string; record?: string; expr: string }[] }[];
  }
).groups.flatMap((g) => g.rules.map((r) => [r.alert ?? r.record!, r.expr]));

describe('dashboards and alert expressions', () => {
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  beforeAll(async () => {
    prometheus = await startPrometheus();
  }, 60_000);
  afterAll(() => prometheus?.stop());

  it('cover overview, ingest, pipeline, gateway and analytics', () => {
    expect(DASHBOARDS.map((d) => d.uid)).toEqual([
      'sleep-overview',
      'sleep-ingest',
      'sleep-pipeline',
      'sleep-gateway',
      'sleep-analytics',
    ]);
  });

  // Grafana replaces $__rate_interval before the query reaches Prometheus.
  it.each([...panelQueries, ...ruleExpressions])(
    '%s: Prometheus parses and evaluates the expression',
    async (_name, expr) => {
      const result = await prometheus.query(expr.replace(/\$__rate_interval/g, '1m'));
      expect({ status: result.status, error: result.error }).toEqual({
        status: 'success',
        error: undefined,
      });
    },
  );

  it('select only metrics the code defines', () => {
    const defined = definedMetricNames();
    const unknown = panelQueries
      .flatMap(([, expr]) => metricsInExpression(expr))
      .filter((m) => !defined.has(m) && !EXTERNAL_METRICS.includes(m));
    expect(unknown).toEqual([]);
  });
});
