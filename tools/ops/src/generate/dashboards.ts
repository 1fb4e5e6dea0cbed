import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

export interface PanelSpec {
  title: string;
  unit: string;
  queries: { expr: string; legend: string }[];
}
export interface DashboardSpec {
  uid: string;
  title: string;
  rows: { title: string; panels: PanelSpec[] }[];
}

const q = (expr: string, legend: string) => ({ expr, legend });
/**
 * For series that exist only once their event happened (a dead letter, a replay, a refusal, an
 * Asleep call): a flat zero until then, so the panel says "none" rather than "no data".
 */
const orZero = (expr: string) => `${expr} or vector(0)`;
const RATE = '[$__rate_interval]';

/** The dashboards, as data: the tests evaluate every query against a real Prometheus. */
export const DASHBOARDS: DashboardSpec[] = [
  {
    uid: 'sleep-overview',
    title: 'Sleep platform / Overview',
    rows: [
      {
        title: 'Requests, errors, duration (per service)',
        panels: [
          {
            title: 'Requests per second',
            unit: 'reqps',
            queries: [q(`sum by (service) (rate(http_requests_total${RATE}))`, '{{service}}')],
          },
          {
            title: 'Server errors (5xx) per second',
            unit: 'reqps',
            queries: [
              // `or ... * 0`: a flat zero per service, rather than "no data", while nothing fails.
              q(
                `sum by (service) (rate(http_requests_total{status=~"5.."}${RATE})) or sum by (service) (rate(http_requests_total${RATE})) * 0`,
                '{{service}}',
              ),
            ],
          },
          {
            title: 'p99 request duration',
            unit: 's',
            queries: [
              q(
                `histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket${RATE})))`,
                '{{service}}',
              ),
            ],
          },
        ],
      },
      {
        title: 'Saturation and restarts',
        panels: [
          {
            title: 'CPU (cores)',
            unit: 'short',
            queries: [
              q(`sum by (service) (rate(process_cpu_seconds_total${RATE}))`, '{{service}}'),
            ],
          },
          {
            title: 'Resident memory',
            unit: 'bytes',
            queries: [q('sum by (service) (process_resident_memory_bytes)', '{{service}}')],
          },
          {
            title: 'Event-loop lag p99',
            unit: 's',
            queries: [q('max by (service) (nodejs_eventloop_lag_p99_seconds)', '{{service}}')],
          },
          {
            title: 'Process restarts (start time changes)',
            unit: 'short',
            queries: [
              q('sum by (service) (changes(process_start_time_seconds[1h]))', '{{service}}'),
            ],
          },
        ],
      },
    ],
  },
  {
    uid: 'sleep-ingest',
    title: 'Sleep platform / Webhook ingest',
    rows: [
      {
        title: 'Webhooks',
        panels: [
          {
            title: 'Webhooks by outcome',
            unit: 'reqps',
            queries: [q(`sum by (outcome) (rate(webhook_requests_total${RATE}))`, '{{outcome}}')],
          },
          {
            title: 'Answer duration p99 by outcome',
            unit: 's',
            queries: [
              q(
                `histogram_quantile(0.99, sum by (outcome, le) (rate(webhook_request_duration_seconds_bucket${RATE})))`,
                '{{outcome}}',
              ),
            ],
          },
          {
            title: 'Dead letters by reason',
            unit: 'short',
            queries: [
              q(
                orZero(`sum by (reason) (increase(webhook_dead_letters_total${RATE}))`),
                '{{reason}}',
              ),
            ],
          },
        ],
      },
      {
        title: 'Spool and Kafka',
        panels: [
          {
            title: 'Spool depth',
            unit: 'short',
            queries: [
              q('sum by (instance) (webhook_spool_records)', 'records {{instance}}'),
              q('sum by (instance) (webhook_spool_bytes)', 'bytes {{instance}}'),
            ],
          },
          {
            title: 'Spool age (held without emptying)',
            unit: 's',
            queries: [q('max by (instance) (webhook_spool_age_seconds)', '{{instance}}')],
          },
          {
            title: 'Spool replayed per second',
            unit: 'short',
            queries: [q(orZero(`sum(rate(webhook_spool_replayed_total${RATE}))`), 'replayed')],
          },
          {
            title: 'Produce latency p99',
            unit: 's',
            queries: [
              q(
                `histogram_quantile(0.99, sum by (topic, le) (rate(kafka_produce_duration_seconds_bucket{service="webhook-ingest"}${RATE})))`,
                '{{topic}}',
              ),
            ],
          },
        ],
      },
    ],
  },
  {
    uid: 'sleep-pipeline',
    title: 'Sleep platform / Pipeline',
    rows: [
      {
        title: 'Consumers',
        panels: [
          {
            title: 'Consumer lag by group',
            unit: 'short',
            queries: [q('sum by (group, topic) (kafka_consumer_lag)', '{{group}} / {{topic}}')],
          },
          {
            title: 'Messages consumed by outcome',
            unit: 'short',
            queries: [
              q(
                `sum by (group, outcome) (rate(kafka_consumed_messages_total${RATE}))`,
                '{{group}} {{outcome}}',
              ),
            ],
          },
          {
            title: 'Webhook to stored p50 / p99',
            unit: 's',
            queries: [
              q(
                `histogram_quantile(0.5, sum by (le) (rate(session_webhook_commit_delay_seconds_bucket${RATE})))`,
                'p50',
              ),
              q(
                `histogram_quantile(0.99, sum by (le) (rate(session_webhook_commit_delay_seconds_bucket${RATE})))`,
                'p99',
              ),
            ],
          },
        ],
      },
      {
        title: 'Sessions',
        panels: [
          {
            title: 'Outbox backlog',
            unit: 'short',
            queries: [q('sum by (instance) (session_outbox_pending)', '{{instance}}')],
          },
          {
            title: 'Session events by type',
            unit: 'short',
            queries: [q(`sum by (type) (rate(session_events_total${RATE}))`, '{{type}}')],
          },
          {
            title: 'Nights completed by tenant',
            unit: 'short',
            queries: [
              q(`sum by (tenant) (increase(session_nights_completed_total${RATE}))`, '{{tenant}}'),
            ],
          },
          {
            title: 'Stat mismatches with Asleep by field',
            unit: 'short',
            queries: [
              q(
                orZero(`sum by (field) (increase(session_stat_mismatches_total${RATE}))`),
                '{{field}}',
              ),
            ],
          },
        ],
      },
    ],
  },
  {
    uid: 'sleep-gateway',
    title: 'Sleep platform / Gateway',
    rows: [
      {
        title: 'Procedures',
        panels: [
          {
            title: 'Calls by procedure and outcome',
            unit: 'reqps',
            queries: [
              q(
                `sum by (procedure, outcome) (rate(gateway_procedure_calls_total${RATE}))`,
                '{{procedure}} {{outcome}}',
              ),
            ],
          },
          {
            title: 'Procedure duration p99',
            unit: 's',
            queries: [
              q(
                `histogram_quantile(0.99, sum by (procedure, le) (rate(gateway_procedure_duration_seconds_bucket${RATE})))`,
                '{{procedure}}',
              ),
            ],
          },
          {
            title: 'Rate-limit refusals (HTTP 429)',
            unit: 'reqps',
            queries: [
              q(
                orZero(`sum(rate(http_requests_total{service="gateway",status="429"}${RATE}))`),
                '429',
              ),
            ],
          },
        ],
      },
      {
        title: 'Live streams (SSE)',
        panels: [
          {
            title: 'Open live streams by stream',
            unit: 'short',
            queries: [q('sum by (stream) (gateway_live_streams)', '{{stream}}')],
          },
        ],
      },
      {
        title: 'Outbound webhooks',
        panels: [
          {
            title: 'Webhook attempts by outcome and reason',
            unit: 'reqps',
            queries: [
              q(
                orZero(`sum by (outcome, reason) (rate(webhook_delivery_attempts_total${RATE}))`),
                '{{outcome}} {{reason}}',
              ),
            ],
          },
          {
            title: 'Webhook deliveries waiting',
            unit: 'short',
            queries: [q(orZero('max(webhook_deliveries_pending)'), 'pending')],
          },
          {
            title: 'Endpoints auto-disabled and deliveries given up',
            unit: 'short',
            queries: [
              q(orZero('sum(increase(webhook_endpoints_auto_disabled_total[1h]))'), 'disabled / h'),
              q(orZero('sum(increase(webhook_deliveries_given_up_total[1h]))'), 'given up / h'),
            ],
          },
        ],
      },
      {
        title: 'Asleep API',
        panels: [
          {
            title: 'Breaker state (0 closed, 1 half-open, 2 open)',
            unit: 'short',
            // No series until a tenant's first Asleep call creates its client: closed until then.
            queries: [q(orZero('max by (service) (asleep_client_breaker_state)'), '{{service}}')],
          },
          {
            title: 'Asleep calls by outcome',
            unit: 'reqps',
            queries: [
              q(
                orZero(`sum by (operation, outcome) (rate(asleep_client_requests_total${RATE}))`),
                '{{operation}} {{outcome}}',
              ),
            ],
          },
        ],
      },
    ],
  },
  {
    uid: 'sleep-analytics',
    title: 'Sleep platform / Analytics',
    rows: [
      {
        title: 'analytics-service',
        panels: [
          {
            title: 'Session events consumed',
            unit: 'short',
            queries: [
              q(
                orZero(
                  `sum by (outcome) (rate(kafka_consumed_messages_total{service="analytics-service"}${RATE}))`,
                ),
                '{{outcome}}',
              ),
            ],
          },
          {
            title: 'Lag',
            unit: 'short',
            queries: [q(orZero('sum(kafka_consumer_lag{service="analytics-service"})'), 'lag')],
          },
          {
            title: 'Requests per second',
            unit: 'reqps',
            queries: [
              q(
                `sum by (route) (rate(http_requests_total{service="analytics-service"}${RATE}))`,
                '{{route}}',
              ),
            ],
          },
        ],
      },
    ],
  },
];

/** Grafana's JSON model of one dashboard, built with the Grafana Foundation SDK. */
export function buildDashboard(spec: DashboardSpec) {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .tags(['sleep-platform', 'generated'])
    .refresh('30s')
    .time({ from: 'now-3h', to: 'now' })
    .timezone('browser');
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title));
    for (const panel of row.panels) {
      const built = new PanelBuilder()
        .title(panel.title)
        .unit(panel.unit)
        .span(24 / row.panels.length)
        .height(8)
        .datasource({ type: 'prometheus', uid: 'prometheus' });
      for (const query of panel.queries)
        built.withTarget(new DataqueryBuilder().expr(query.expr).legendFormat(query.legend));
      builder.withPanel(built);
    }
  }
  return builder.build();
}

export function dashboardJson(spec: DashboardSpec) {
  return `${JSON.stringify(buildDashboard(spec), null, 2)}\n`;
}
