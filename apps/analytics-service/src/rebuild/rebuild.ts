import { SESSION_COMPLETED, type SessionCompleted } from '@sleep/contracts';
import type { AnyDatabaseHandle } from '@sleep/persistence';
import type { CompletedNight } from '@sleep/session-rpc';
import { factIntents } from '../facts/fact-intents';
import { FactWriter } from '../facts/fact-writer';
import type { AnalyticsMetrics } from '../observability/analytics.metrics';
import type { ReportBuilder } from '../reports/report-builder';

/** The tables that are projections of the nights, emptied before a rebuild. */
export const PROJECTION_TABLES = [
  'nightly_facts',
  'deleted_sessions',
  'skipped_nights',
  'reports',
  'insights',
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

/**
 * Rebuilds every projection from a replay source of every stored night: empty tables, then the
 * same writer and report builder as live ingestion, page by page (a page holds whole users, in
 * the source's user order, so a user's reports see all their nights). Nothing is announced.
 * User profiles and tenant settings are not projections of nights and are kept.
 */
export async function rebuild(
  database: AnyDatabaseHandle,
  reports: ReportBuilder,
  source: AsyncIterable<CompletedNight[]>,
  metrics?: AnalyticsMetrics,
): Promise<RebuildResult> {
  const started = performance.now();
  const writer = new FactWriter(database);
  const announcing = reports.announce;
  reports.announce = false;
  metrics?.rebuildRunning.set(1);
  metrics?.rebuildNights.set(0);
  let nights = 0;
  try {
    await database.query(`truncate ${PROJECTION_TABLES.map((t) => `analytics.${t}`).join(', ')}`);
    for await (const page of source) {
      const sorted = [...page].sort(
        (a, b) =>
          Date.parse(a.sleepData.session.start_time) - Date.parse(b.sleepData.session.start_time),
      );
      const result = await writer.apply(factIntents(sorted.map(asCompletedEvent)));
      await reports.onFactsChanged(result.changedDays);
      nights += page.length;
      metrics?.rebuildNights.set(nights);
    }
  } finally {
    reports.announce = announcing;
    metrics?.rebuildRunning.set(0);
  }
  return { nights, seconds: (performance.now() - started) / 1000 };
}
