import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { CallOutcome, UsageDay, UsageLedger } from '@sleep/gateway-api';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { METRICS_REGISTRY, ROOT_LOGGER } from '@sleep/service-kit';
import { and, asc, between, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';
import { usageDaily } from '../db/schema';

const FLUSH_EVERY_MS = 5_000;

interface Tally {
  tenantId: string;
  day: string;
  procedure: string;
  calls: number;
  errors: number;
  totalMs: number;
}

/**
 * Prometheus counters and latency histograms per procedure (no tenant label: tenant ids are
 * unbounded and not for whoever scrapes), and per tenant and procedure the daily totals, summed
 * in memory and added to Postgres every few seconds (never a write per request), which a tenant's
 * admin reads through the authenticated usage API.
 */
let dayCache = { untilMs: 0, day: '' };

/** Today in UTC, recomputed once a second rather than per call. */
function utcDay(): string {
  const now = Date.now();
  if (now >= dayCache.untilMs)
    dayCache = { untilMs: now + 1_000, day: new Date(now).toISOString().slice(0, 10) };
  return dayCache.day;
}

@Injectable()
export class UsageLedgerService
  implements UsageLedger, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly calls: Counter<'procedure' | 'outcome'>;
  private readonly duration: Histogram<'procedure'>;
  private pending = new Map<string, Tally>();
  /** Resolved label children, so a call hashes no labels. */
  private readonly series = new Map<
    string,
    { calls: { inc(): void }; duration: { observe(value: number): void } }
  >();
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.calls = new Counter({
      name: 'gateway_procedure_calls_total',
      help: 'Gateway procedure calls by procedure and outcome (ok, client_error, server_error).',
      labelNames: ['procedure', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'gateway_procedure_duration_seconds',
      help: 'Gateway procedure duration by procedure, in seconds.',
      labelNames: ['procedure'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  record(tenantId: string, procedure: string, outcome: CallOutcome, durationMs: number): void {
    const seriesKey = `${procedure}\u0000${outcome}`;
    let series = this.series.get(seriesKey);
    if (!series) {
      series = {
        calls: this.calls.labels({ procedure, outcome }),
        duration: this.duration.labels({ procedure }),
      };
      this.series.set(seriesKey, series);
    }
    series.calls.inc();
    series.duration.observe(durationMs / 1000);
    const day = utcDay();
    const key = `${tenantId}\u0000${day}\u0000${procedure}`;
    let tally = this.pending.get(key);
    if (!tally) {
      tally = { tenantId, day, procedure, calls: 0, errors: 0, totalMs: 0 };
      this.pending.set(key, tally);
    }
    tally.calls++;
    if (outcome !== 'ok') tally.errors++;
    tally.totalMs += durationMs;
  }

  async daily(tenantId: string, from: string, to: string): Promise<UsageDay[]> {
    await this.flush();
    const rows = await this.database.db
      .select()
      .from(usageDaily)
      .where(and(eq(usageDaily.tenantId, tenantId), between(usageDaily.day, from, to)))
      .orderBy(asc(usageDaily.day), asc(usageDaily.procedure));
    return rows.map((row) => ({
      date: row.day,
      procedure: row.procedure,
      calls: row.calls,
      errors: row.errors,
      meanMs: row.calls > 0 ? Math.round((row.totalMs / row.calls) * 100) / 100 : 0,
    }));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Adds what was counted since the last flush; on failure it is kept for the next one. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.database.db
        .insert(usageDaily)
        .values(batch)
        .onConflictDoUpdate({
          target: [usageDaily.tenantId, usageDaily.day, usageDaily.procedure],
          set: {
            calls: sql`${usageDaily.calls} + excluded.calls`,
            errors: sql`${usageDaily.errors} + excluded.errors`,
            totalMs: sql`${usageDaily.totalMs} + excluded.total_ms`,
          },
        });
    } catch (error) {
      this.logger.warn({ err: error }, 'usage totals not saved; kept for the next flush');
      for (const tally of batch) this.merge(tally);
    }
  }

  private merge(tally: Tally): void {
    const key = `${tally.tenantId}\u0000${tally.day}\u0000${tally.procedure}`;
    const known = this.pending.get(key);
    if (!known) this.pending.set(key, tally);
    else {
      known.calls += tally.calls;
      known.errors += tally.errors;
      known.totalMs += tally.totalMs;
    }
  }
}
