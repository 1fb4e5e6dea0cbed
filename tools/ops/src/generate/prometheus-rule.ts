import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT } from '../support/workspace';

export const RULES_FILE = join(ROOT, 'docker/prometheus/rules/sleep-platform.rules.yml');

/** The Prometheus operator's wrapper around the same rule groups compose's Prometheus loads. */
export function prometheusRuleYaml(): string {
  const { groups } = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: unknown[] };
  return stringify({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'sleep-platform', labels: { 'app.kubernetes.io/part-of': 'sleep-platform' } },
    spec: { groups },
  });
}
