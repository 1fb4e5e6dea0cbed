import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { BatchingProducer, type OutgoingMessage } from '@sleep/messaging';
import { DATABASE, type AnyDatabaseHandle } from '@sleep/persistence';
import {
  addDays,
  hasPeriodClosed,
  type Insight,
  previousPeriod,
  periodOf,
  type ReportKind,
  type ReportPeriod,
  shouldEmitInsight,
  type SleepReport,
  startOfLocalDay,
} from '@sleep/sleep-metrics';
import type { UserDay } from '../facts/fact-writer';
import { AnalyticsMetrics } from '../observability/analytics.metrics';
import type { FactRow } from '../facts/fact-row';
import { FactQueries } from '../rpc/fact-queries';
import {
  type BatchUser,
  deletePeriodInsights,
  factsOfUsers,
  type InsightToStore,
  lastInsights,
  type ReportToStore,
  upsertInsights,
  upsertReports,
  zonesAndBirthYears,
} from './report-batch.queries';
import { TenantRules } from '../settings/tenant-rules';
import { buildReport, reportWindow } from './report-computation';
import { insightMessage, reportMessage } from './report-events';

const KINDS: readonly ReportKind[] = ['week', 'month'];

/**
 * Reports and insights per user: built from the stored facts in the user's zone (the zone of their
 * latest night), stored once the period has closed, announced on `sleep.reports.v1` and
 * `sleep.insights.v1` when new or changed. Insight cool-downs run on sleep days, not on the wall
 * clock, so replaying the same nights yields the same rows.
 */
@Injectable()
export class ReportBuilder {
  private readonly queries: FactQueries;
  /** Off during a rebuild: it must not announce history again. */
  announce = true;

  constructor(
    @Inject(DATABASE) private readonly database: AnyDatabaseHandle,
    private readonly producer: BatchingProducer,
    private readonly metrics: AnalyticsMetrics,
  ) {
    this.queries = new FactQueries(database);
  }

  async stored(
    tenantId: string,
    userId: string,
    kind: ReportKind | null,
    limit: number,
  ): Promise<SleepReport[]> {
    const rows = await this.database.query<{ body: SleepReport }>(
      `select body from analytics.reports where tenant_id = $1 and user_id = $2 and ($3::text is null or kind = $3)
       order by period_start desc, kind limit $4`,
      [tenantId, userId, kind, limit],
    );
    return rows.map((r) => r.body);
  }

  /** The report of the period holding `day`; stored (and announced) if that period has closed. */
  async onDemand(
    tenantId: string,
    userId: string,
    kind: ReportKind,
    day: string,
    nowMs = Date.now(),
  ): Promise<SleepReport> {
    const zone = (await this.queries.latestZone(tenantId, userId)) ?? 'UTC';
    const period = periodOf(kind, day);
    const built = await this.build(tenantId, userId, period, zone);
    if (hasPeriodClosed(period, nowMs, zone))
      await this.store(tenantId, userId, period, zone, built);
    return built.report;
  }

  /**
   * `onDemand` for many users at once (same period): one read of every user's zone and birth
   * year, one of their facts, one write per table. Same rows and announcements as one by one.
   */
  async onDemandMany(
    users: readonly BatchUser[],
    kind: ReportKind,
    day: string,
    nowMs = Date.now(),
  ): Promise<SleepReport[]> {
    const distinct = [...new Map(users.map((u) => [`${u.tenantId}\u0000${u.userId}`, u])).values()];
    if (distinct.length !== users.length) throw new Error('onDemandMany takes distinct users');
    const period = periodOf(kind, day);
    const window = reportWindow(period);
    const [settings, rows, rules] = await Promise.all([
      zonesAndBirthYears(this.database, users),
      factsOfUsers(this.database, users, window.from, window.to, {
        from: previousPeriod(period).startDate,
        to: period.endDate,
      }),
      new TenantRules(this.database).of(users.map((u) => u.tenantId)),
    ]);
    const key = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;
    const settingOf = new Map(settings.map((s) => [key(s.tenant_id, s.user_id), s]));
    const rowsOf = new Map<string, FactRow[]>();
    for (const row of rows) {
      const k = key(row.tenant_id, row.user_id);
      const list = rowsOf.get(k);
      if (list) list.push(row);
      else rowsOf.set(k, [row]);
    }
    const built = users.map((user) => {
      const setting = settingOf.get(key(user.tenantId, user.userId));
      const zone = setting?.zone ?? 'UTC';
      const { report, insights } = buildReport(
        user.userId,
        period,
        zone,
        rowsOf.get(key(user.tenantId, user.userId)) ?? [],
        setting?.birth_year ?? null,
        { freeDays: rules.get(user.tenantId)?.freeDays ?? undefined },
      );
      return { user, zone, report, insights, body: JSON.stringify(report) };
    });
    const closed = built.filter((b) => hasPeriodClosed(period, nowMs, b.zone));
    if (closed.length > 0) await this.storeMany(period, closed);
    return built.map((b) => b.report);
  }

  private async storeMany(
    period: ReportPeriod,
    built: readonly (ReportToStore & { insights: readonly Insight[] })[],
  ): Promise<void> {
    const users = built.map((b) => b.user);
    const key = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;
    const changed = await upsertReports(this.database, period, built);
    const before = new Map(
      (await deletePeriodInsights(this.database, users, period)).map((r) => [
        `${key(r.tenant_id, r.user_id)}\u0000${r.id}`,
        r.body,
      ]),
    );
    const last = new Map(
      (await lastInsights(this.database, users, period.endDate)).map((r) => [
        `${key(r.tenant_id, r.user_id)}\u0000${r.rule}`,
        r,
      ]),
    );
    const out: { topic: string; message: OutgoingMessage }[] = [];
    const emitted: InsightToStore[] = [];
    for (const { user, zone, report, body, insights } of built) {
      const { tenantId, userId } = user;
      if (changed.has(key(tenantId, userId))) {
        this.metrics.reportsProduced.inc({ kind: period.kind });
        out.push(reportMessage(tenantId, userId, period, report, body));
      }
      const at = (d: string) => startOfLocalDay(d, zone);
      for (const insight of insights) {
        const previous = last.get(`${key(tenantId, userId)}\u0000${insight.rule}`);
        const emit = shouldEmitInsight(
          insight,
          previous
            ? { id: previous.id, severity: previous.severity, emittedAtMs: at(previous.sleep_day) }
            : null,
          at(period.endDate),
        );
        if (!emit) continue;
        const stored = { ...insight, sleepDay: period.endDate };
        emitted.push({ user, insight, sleepDay: period.endDate, body: JSON.stringify(stored) });
        const parsed: unknown = JSON.parse(JSON.stringify(stored));
        if (isDeepStrictEqual(before.get(`${key(tenantId, userId)}\u0000${insight.id}`), parsed))
          continue;
        this.metrics.insightsProduced.inc({ rule: insight.rule });
        out.push(insightMessage(tenantId, userId, insight));
      }
    }
    await upsertInsights(this.database, emitted);
    if (!this.announce) return;
    for (const { topic, message } of out) await this.producer.publish(topic, [message]);
  }

  /**
   * After facts changed on some sleep days: every closed period whose report reads those nights
   * (the period holding the day, and the one holding the day before: its SRI grid ends with the
   * next night's evening) is rebuilt, and the period before the latest day is produced if it was
   * never stored (the first fact after a close). Periods are handled in order of their end, so a
   * report's insights and cool-downs are the same whether the nights came one by one or all at
   * once (a rebuild).
   */
  async onFactsChanged(days: readonly UserDay[], nowMs = Date.now()): Promise<void> {
    const byUser = new Map<string, { tenantId: string; userId: string; days: Set<string> }>();
    for (const d of days) {
      const key = `${d.tenantId}\u0000${d.userId}`;
      const entry = byUser.get(key) ?? {
        tenantId: d.tenantId,
        userId: d.userId,
        days: new Set<string>(),
      };
      entry.days.add(d.sleepDay);
      byUser.set(key, entry);
    }
    for (const { tenantId, userId, days: changed } of byUser.values()) {
      const zone = (await this.queries.latestZone(tenantId, userId)) ?? 'UTC';
      const periods = new Map<string, ReportPeriod>();
      const latest = [...changed].sort().at(-1) as string;
      for (const kind of KINDS) {
        for (const day of changed) {
          for (const period of [periodOf(kind, day), periodOf(kind, addDays(day, -1))])
            periods.set(`${kind}:${period.key}`, period);
        }
        const before = previousPeriod(periodOf(kind, latest));
        const key = `${kind}:${before.key}`;
        if (!periods.has(key) && !(await this.isStored(tenantId, userId, before)))
          periods.set(key, before);
      }
      const ordered = [...periods.values()].sort((a, b) =>
        a.endDate !== b.endDate ? (a.endDate < b.endDate ? -1 : 1) : a.kind < b.kind ? -1 : 1,
      );
      for (const period of ordered) {
        if (!hasPeriodClosed(period, nowMs, zone)) continue;
        const built = await this.build(tenantId, userId, period, zone);
        if (built.report.nightsTracked === 0 && built.report.previous.nightsTracked === 0) continue;
        await this.store(tenantId, userId, period, zone, built);
      }
    }
  }

  private async isStored(tenantId: string, userId: string, period: ReportPeriod): Promise<boolean> {
    const rows = await this.database.query(
      'select 1 from analytics.reports where tenant_id = $1 and user_id = $2 and kind = $3 and period_start = $4',
      [tenantId, userId, period.kind, period.startDate],
    );
    return rows.length > 0;
  }

  /** Users with a night in the last closed week or month but no report for it. */
  async sweep(nowMs = Date.now()): Promise<number> {
    let produced = 0;
    for (const kind of KINDS) {
      const candidate = previousPeriod(periodOf(kind, new Date(nowMs).toISOString().slice(0, 10)));
      const users = await this.database.query<{ tenant_id: string; user_id: string }>(
        `select distinct f.tenant_id, f.user_id from analytics.nightly_facts f
         where f.sleep_day between $1 and $2
           and not exists (select 1 from analytics.reports r where r.tenant_id = f.tenant_id
                           and r.user_id = f.user_id and r.kind = $3 and r.period_start = $1)`,
        [candidate.startDate, candidate.endDate, kind],
      );
      for (const { tenant_id, user_id } of users) {
        const zone = (await this.queries.latestZone(tenant_id, user_id)) ?? 'UTC';
        if (!hasPeriodClosed(candidate, nowMs, zone)) continue;
        await this.store(
          tenant_id,
          user_id,
          candidate,
          zone,
          await this.build(tenant_id, user_id, candidate, zone),
        );
        produced++;
      }
    }
    return produced;
  }

  private async build(tenantId: string, userId: string, period: ReportPeriod, zone: string) {
    const window = reportWindow(period);
    const rows = await this.queries.bySleepDay(tenantId, userId, window.from, window.to);
    const birthYear = await this.queries.birthYear(tenantId, userId);
    const { freeDays } = await new TenantRules(this.database).get(tenantId);
    return buildReport(userId, period, zone, rows, birthYear, { freeDays: freeDays ?? undefined });
  }

  private async store(
    tenantId: string,
    userId: string,
    period: ReportPeriod,
    zone: string,
    { report, insights }: { report: SleepReport; insights: readonly Insight[] },
  ): Promise<void> {
    const body = JSON.stringify(report);
    const changed = await this.database.query(
      `insert into analytics.reports (tenant_id, user_id, kind, period_start, period_end, zone, body)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (tenant_id, user_id, kind, period_start) do update
         set period_end = excluded.period_end, zone = excluded.zone, body = excluded.body
         where analytics.reports.body is distinct from excluded.body
       returning 1`,
      [tenantId, userId, period.kind, period.startDate, period.endDate, zone, body],
    );
    const out: { topic: string; message: OutgoingMessage }[] = [];
    if (changed.length > 0) {
      this.metrics.reportsProduced.inc({ kind: period.kind });
      out.push(reportMessage(tenantId, userId, period, report, body));
    }
    const before = new Map(
      (
        await this.database.query<{ id: string; body: unknown }>(
          `delete from analytics.insights where tenant_id = $1 and user_id = $2 and body->>'periodKey' = $3
           and sleep_day = $4 returning id, body`,
          [tenantId, userId, period.key, period.endDate],
        )
      ).map((r) => [r.id, r.body]),
    );
    for (const insight of insights) {
      if (!(await this.emitInsight(tenantId, userId, period, zone, insight))) continue;
      const body: unknown = JSON.parse(JSON.stringify({ ...insight, sleepDay: period.endDate }));
      if (isDeepStrictEqual(before.get(insight.id), body)) continue;
      this.metrics.insightsProduced.inc({ rule: insight.rule });
      out.push(insightMessage(tenantId, userId, insight));
    }
    if (!this.announce) return;
    for (const { topic, message } of out) await this.producer.publish(topic, [message]);
  }

  /** Stores the insight unless its rule's last emission for the user holds it back (cool-down). */
  private async emitInsight(
    tenantId: string,
    userId: string,
    period: ReportPeriod,
    zone: string,
    insight: Insight,
  ): Promise<boolean> {
    const [last] = await this.database.query<{
      id: string;
      sleep_day: string;
      severity: Insight['severity'];
    }>(
      `select id, sleep_day::text as sleep_day, body->>'severity' as severity from analytics.insights
       where tenant_id = $1 and user_id = $2 and rule = $3 and sleep_day <= $4
       order by sleep_day desc limit 1`,
      [tenantId, userId, insight.rule, period.endDate],
    );
    const at = (day: string) => startOfLocalDay(day, zone);
    const emit = shouldEmitInsight(
      insight,
      last ? { id: last.id, severity: last.severity, emittedAtMs: at(last.sleep_day) } : null,
      at(period.endDate),
    );
    if (!emit) return false;
    await this.database.query(
      `insert into analytics.insights (id, tenant_id, user_id, rule, sleep_day, body) values ($1, $2, $3, $4, $5, $6)
       on conflict (id) do update set body = excluded.body, sleep_day = excluded.sleep_day`,
      [
        insight.id,
        tenantId,
        userId,
        insight.rule,
        period.endDate,
        JSON.stringify({ ...insight, sleepDay: period.endDate }),
      ],
    );
    return true;
  }
}
