import { SESSION_COMPLETED, type SessionCompleted } from '@sleep/contracts';
import type { AnyDatabaseHandle } from '@sleep/persistence';
import type { CompletedNight } from '@sleep/session-rpc';
import { factIntents } from '../facts/fact-intents';
import { sessionStarts, withoutTiming } from '../facts/session-starts';
import { rebuildOrgRollups } from '../org/org-rollup-rebuild';
import { TenantRules } from '../settings/tenant-rules';
import type { AnalyticsMetrics } from '../observability/analytics.metrics';
import type { ReportBuilder } from '../reports/report-builder';
import { OneAtATime } from './one-at-a-time';
import { writeUsers } from './rebuild-writes';

/** The tables that are projections of the nights, emptied before a rebuild. */
export const PROJECTION_TABLES = [
  'nightly_facts',
  'deleted_sessions',
  'skipped_nights',
  'reports',
  'insights',
  'org_user_days',
  'org_atom_days',
  'org_atom_values',
  'org_user_months',
  'org_open_days',
] as const;

export interface RebuildResult {
  nights: number;
  seconds: number;
}

/** A stored night as the event that announced it: the rebuild takes the live path exactly. */
export function asCompletedEvent(night: CompletedNight): SessionCompleted {
  return {
    eventId: `${night.sessionId}@${night.version}`,
    type: SESSION_COMPLETED,
    version: 1,
    occurredAt: new Date(0).toISOString(),
    tenantId: night.tenantId,
    key: night.asleepUserId,
    payload: {
      userId: night.asleepUserId,
      sessionId: night.sessionId,
      version: night.version,
      sleepData: night.sleepData,
    },
  };
}

/** Users' nights gathered before one write: bigger batches mean fewer, larger statements. */
const BATCH_NIGHTS = 5_000;
const MAX_BATCHES_IN_FLIGHT = 2;

/**
 * Rebuilds every projection from a replay source of every stored night: empty tables, then per
 * batch of whole users (a page holds whole users) the rows live ingestion would have stored,
 * computed in memory with the same rules (`projectUser`) and written with `COPY` in one
 * transaction. Nothing is announced. User profiles, tenant settings and session starts (the
 * replay source holds no night that never completed) are not projections of nights and are kept;
 * the tenant rollups of users with starts but no completed night are recomputed at the end. The
 * atom rollups are built once from every `org_user_days` row at the end, not kept statement by
 * statement while the batches write.
 */
export async function rebuild(
  database: AnyDatabaseHandle,
  reports: ReportBuilder,
  source: AsyncIterable<CompletedNight[]>,
  metrics?: AnalyticsMetrics,
): Promise<RebuildResult> {
  const started = performance.now();
  const announcing = reports.announce;
  reports.announce = false;
  metrics?.rebuildRunning.set(1);
  metrics?.rebuildNights.set(0);
  let nights = 0;
  const tenantRules = new TenantRules(database);
  try {
    await database.query(`truncate ${PROJECTION_TABLES.map((t) => `analytics.${t}`).join(', ')}`);
    // Two batches in flight: one computing its rows while the other's statements run on the
    // server (each batch is its own transaction over its own users, so the order is free). The
    // batches compute one at a time, in turn: computing both at once would send both batches'
    // statements at once too, and leave the server idle while they compute.
    const inFlight: Promise<void>[] = [];
    const computing = new OneAtATime();
    const write = async (batch: CompletedNight[]) => {
      const computed = await computing.take();
      try {
        // The tenant's sleep-day rule and zone override, as live ingestion applies them.
        const rules = await tenantRules.of(batch.map((night) => night.tenantId));
        const events = batch.map(asCompletedEvent);
        const rulesOf = (tenantId: string) => rules.get(tenantId);
        await writeUsers(
          database,
          factIntents(events, rulesOf),
          sessionStarts(events, rulesOf).map(withoutTiming),
          Date.now(),
          { metrics, computed },
        );
      } finally {
        computed();
      }
      nights += batch.length;
      metrics?.rebuildNights.set(nights);
    };
    const flush = async (batch: CompletedNight[]) => {
      if (batch.length === 0) return;
      if (inFlight.length >= MAX_BATCHES_IN_FLIGHT) await inFlight.shift();
      const written = write(batch);
      // Failures surface when awaited below; never left unhandled meanwhile.
      written.catch(() => undefined);
      inFlight.push(written);
    };
    let batch: CompletedNight[] = [];
    try {
      for await (const page of source) {
        batch.push(...page);
        if (batch.length >= BATCH_NIGHTS) {
          await flush(batch);
          batch = [];
        }
      }
      await flush(batch);
    } catch (error) {
      // No write is left running when the rebuild throws.
      await Promise.allSettled(inFlight);
      throw error;
    }
    const settled = await Promise.allSettled(inFlight);
    const failed = settled.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    await rebuildOrgRollups(database);
  } finally {
    reports.announce = announcing;
    metrics?.rebuildRunning.set(0);
  }
  return { nights, seconds: (performance.now() - started) / 1000 };
}
