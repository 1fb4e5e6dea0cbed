import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { RULES_FILE } from '../generate/prometheus-rule';
import { ensureDebianTool } from '../support/debian-tool';
import { definedMetricNames, EXTERNAL_METRICS, metricsInExpression } from '../support/metric-names';
import { exec, ROOT } from '../support/workspace';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  annotations?: Record<string, string>;
}
const groups = (parse(readFileSync(RULES_FILE, 'utf8')) as { groups: { rules: Rule[] }[] }).groups;
const rules = groups.flatMap((g) => g.rules);
const alerts = rules.filter((r) => r.alert);

beforeAll(() => ensureDebianTool('promtool', 'prometheus'));

describe('Prometheus alert rules', () => {
  it('pass promtool check rules', async () => {
    const { stdout } = await exec('promtool', ['check', 'rules', RULES_FILE]);
    expect(stdout).toContain('SUCCESS');
  }, 60_000);

  it('pass their unit tests (promtool test rules)', async () => {
    const { stdout } = await exec('promtool', ['test', 'rules', 'sleep-platform.rules.test.yml'], {
      cwd: dirname(RULES_FILE),
    });
    expect(stdout).toContain('SUCCESS');
  }, 60_000);

  it('every alert has a unit test that expects it to fire', () => {
    const tests = readFileSync(RULES_FILE.replace(/\.yml$/, '.test.yml'), 'utf8');
    for (const { alert } of alerts)
      expect(tests).toMatch(new RegExp(`alertname: ${alert}\\n\\s+exp_alerts:\\n`));
  });

  it.each(alerts.map((a) => [a.alert!, a]))('%s links to its runbook', (alert, rule) => {
    expect(rule.annotations?.['runbook_url']).toMatch(new RegExp(`/${alert}\\.md$`));
    const runbook = join(ROOT, 'docs/runbooks', `${alert}.md`);
    expect(existsSync(runbook)).toBe(true);
    const text = readFileSync(runbook, 'utf8');
    for (const section of ['## Meaning', '## Confirm', '## Mitigate', '## Recover'])
      expect(text).toContain(section);
  });

  it('select only metrics the code defines', () => {
    const defined = definedMetricNames();
    const unknown = rules
      .flatMap((r) => metricsInExpression(r.expr))
      .filter((m) => !defined.has(m) && !EXTERNAL_METRICS.includes(m));
    expect(unknown).toEqual([]);
  });
});
