import { Inject, Injectable } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { ReadinessChecks } from '../readiness-checks';
import { METRICS_REGISTRY } from '../tokens';

/** What the management port answers for one path. */
export interface ManagementAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type ManagementHandler = (path: string) => Promise<ManagementAnswer>;

/** How long a readiness verdict is reused: probes and scrapes cannot turn into a flood of checks. */
export const READINESS_CACHE_MS = 1_000;

type Indicator = Record<string, unknown> & { status: 'up' | 'down' };

export const json = (status: number, body: unknown): ManagementAnswer => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

/** The body of a probe answer: `{ status, info, error, details }`, one entry per check. */
export function probeBody(indicators: Record<string, Indicator>) {
  const up = Object.entries(indicators).filter(([, i]) => i.status === 'up');
  const down = Object.entries(indicators).filter(([, i]) => i.status === 'down');
  return {
    status: down.length === 0 ? 'ok' : 'error',
    info: Object.fromEntries(up),
    error: Object.fromEntries(down),
    details: indicators,
  };
}

/**
 * The management endpoints of a running app: `/health/live`, `/health/ready` (every readiness
 * check, the verdict cached for a second) and `/metrics`. Served on the management port only.
 */
@Injectable()
export class ManagementEndpoints {
  private readiness?: { at: number; answer: Promise<ManagementAnswer> };

  constructor(
    private readonly checks: ReadinessChecks,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  readonly handle: ManagementHandler = async (path) => {
    if (path === '/health/live') return json(200, probeBody({}));
    if (path === '/health/ready') return this.ready();
    if (path === '/metrics')
      return {
        status: 200,
        contentType: this.registry.contentType,
        body: await this.registry.metrics(),
      };
    return json(404, { message: `no ${path} here: /health/live, /health/ready, /metrics` });
  };

  private ready(now = Date.now()): Promise<ManagementAnswer> {
    if (this.readiness && now - this.readiness.at < READINESS_CACHE_MS)
      return this.readiness.answer;
    const answer = this.runChecks();
    this.readiness = { at: now, answer };
    return answer;
  }

  private async runChecks(): Promise<ManagementAnswer> {
    const results = await Promise.all(
      this.checks.list().map(async ([name, check]) => {
        const result = await check().catch(() => false);
        const { ok, details } =
          typeof result === 'boolean' ? { ok: result, details: undefined } : result;
        const indicator: Indicator = { status: ok ? 'up' : 'down', ...details };
        return [name, indicator] as const;
      }),
    );
    const body = probeBody(Object.fromEntries(results));
    return json(body.status === 'ok' ? 200 : 503, body);
  }
}
