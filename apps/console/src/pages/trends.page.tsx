import type { RouterInputs, RouterOutputs } from '@sleep/api-client';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { type DayLine, DayLines } from '../charts/day-lines.chart';
import { addDays, today } from '../domain/sleep-days';
import { formatDuration, formatPercent } from '../domain/units';
import { ErrorNote, Loading } from '../layout/query-state';
import { UserLinks } from './user-links';

type Metric = RouterInputs['analytics']['trends']['metric'];
type Report = RouterOutputs['analytics']['reports']['get'];

/** Each metric's label and how its values read on an axis (seconds shown as hours). */
const METRICS: Record<Metric, { label: string; unit: string; scale: number }> = {
  score: { label: 'Score', unit: 'points', scale: 1 },
  time_in_sleep: { label: 'Time asleep', unit: 'hours', scale: 1 / 3600 },
  sleep_efficiency: { label: 'Sleep efficiency', unit: '%', scale: 100 },
  sleep_latency: { label: 'Sleep latency', unit: 'minutes', scale: 1 / 60 },
  time_in_wake: { label: 'Awake', unit: 'minutes', scale: 1 / 60 },
  waso_count: { label: 'Awakenings', unit: 'count', scale: 1 },
  longest_waso: { label: 'Longest awakening', unit: 'minutes', scale: 1 / 60 },
  time_in_deep: { label: 'Deep sleep', unit: 'minutes', scale: 1 / 60 },
  time_in_rem: { label: 'REM sleep', unit: 'minutes', scale: 1 / 60 },
  sleep_time: { label: 'Bedtime', unit: 'hours after midnight', scale: 1 / 3600 },
  wake_time: { label: 'Wake time', unit: 'hours after midnight', scale: 1 / 3600 },
  mid_sleep: { label: 'Mid-sleep', unit: 'hours after midnight', scale: 1 / 3600 },
};

function Trend({ appUserId, from, to }: { appUserId: string; from: string; to: string }) {
  const trpc = useTRPC();
  const [metric, setMetric] = useState<Metric>('time_in_sleep');
  const trend = useQuery(trpc.analytics.trends.queryOptions({ appUserId, from, to, metric }));
  const { label, unit, scale } = METRICS[metric];
  const lines = useMemo<DayLine[]>(() => {
    if (!trend.data) return [];
    const points = (means: readonly { sleepDay: string; mean: number }[]) =>
      new Map(means.map((m) => [m.sleepDay, m.mean * scale]));
    return [
      { label: '7-day mean', points: points(trend.data.rolling7), color: '--accent' },
      {
        label: '30-day mean',
        points: points(trend.data.rolling30),
        color: '--muted',
        dashed: true,
      },
    ];
  }, [trend.data, scale]);
  return (
    <section aria-labelledby="trend-heading">
      <h2 id="trend-heading">Trend</h2>
      <div className="field">
        <label htmlFor="metric">Metric</label>
        <select id="metric" value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
          {Object.entries(METRICS).map(([value, m]) => (
            <option key={value} value={value}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      {trend.isPending && <Loading what="the trend" />}
      {trend.isError && <ErrorNote error={trend.error} />}
      {trend.data && (
        <>
          <p data-testid="trend-summary">
            {trend.data.trend.insufficientData
              ? `Not enough nights for a trend (${trend.data.trend.nights}).`
              : `${label}: ${trend.data.trend.direction} over ${trend.data.trend.nights} nights` +
                (trend.data.trend.slopePerWeek === null
                  ? ''
                  : `, ${(trend.data.trend.slopePerWeek * scale).toFixed(2)} ${unit} per week`)}
          </p>
          <DayLines
            lines={lines}
            label={`${label}, rolling means`}
            unit={unit}
            testId="trend-chart"
          />
        </>
      )}
    </section>
  );
}

function ReportTable({ report }: { report: Report }) {
  const a = report.averages;
  return (
    <div className="table-scroll">
      <table data-testid="report">
        <caption>
          Week {report.period.key}: {report.period.startDate} to {report.period.endDate}
        </caption>
        <tbody>
          <tr>
            <th scope="row">Nights slept / tracked</th>
            <td>
              {report.nightsSlept} / {report.nightsTracked}
            </td>
          </tr>
          <tr>
            <th scope="row">Mean score</th>
            <td>{report.meanScore ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">Time asleep</th>
            <td>{formatDuration(a.timeInSleep)}</td>
          </tr>
          <tr>
            <th scope="row">Sleep efficiency</th>
            <td>{formatPercent(a.sleepEfficiency)}</td>
          </tr>
          <tr>
            <th scope="row">Sleep latency</th>
            <td>{formatDuration(a.sleepLatency)}</td>
          </tr>
          <tr>
            <th scope="row">Bedtime / wake time</th>
            <td>
              {a.sleepTime ?? '—'} / {a.wakeTime ?? '—'}
            </td>
          </tr>
          <tr>
            <th scope="row">Sleep Regularity Index</th>
            <td>{report.sri ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">Social jet lag</th>
            <td>
              {report.socialJetLagMinutes === null ? '—' : `${report.socialJetLagMinutes} min`}
            </td>
          </tr>
          {report.insights.map((insight) => (
            <tr key={insight.id}>
              <th scope="row">Insight</th>
              <td>{insight.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WeeklyReports({ appUserId, day }: { appUserId: string; day: string }) {
  const trpc = useTRPC();
  const list = useQuery(
    trpc.analytics.reports.list.queryOptions({ appUserId, kind: 'week', limit: 26 }),
  );
  const current = useQuery(
    trpc.analytics.reports.get.queryOptions({ appUserId, kind: 'week', day }),
  );
  const lines = useMemo<DayLine[]>(() => {
    const reports = list.data?.reports ?? [];
    const by = (pick: (r: (typeof reports)[number]) => number | null) =>
      new Map(
        reports.flatMap((r) => {
          const value = pick(r);
          return value === null ? [] : [[r.period.startDate, value] as const];
        }),
      );
    return [
      { label: 'Mean score', points: by((r) => r.meanScore), color: '--accent' },
      {
        label: 'Time asleep (h × 10)',
        points: by((r) =>
          r.averages.timeInSleep === null ? null : (r.averages.timeInSleep / 3600) * 10,
        ),
        color: '--warn',
      },
    ];
  }, [list.data]);
  return (
    <section aria-labelledby="reports-heading">
      <h2 id="reports-heading">Weekly reports</h2>
      {list.isError && <ErrorNote error={list.error} />}
      {list.data && list.data.reports.length > 1 && (
        <DayLines
          lines={lines}
          label="Weekly mean score and time asleep"
          unit="points"
          testId="reports-chart"
        />
      )}
      {list.data && list.data.reports.length <= 1 && <p>Fewer than two closed weeks so far.</p>}
      {current.isPending && <Loading what="this week's report" />}
      {current.isError && <ErrorNote error={current.error} />}
      {current.data && <ReportTable report={current.data} />}
    </section>
  );
}

/** Trends of a metric over a window and the weekly reports. */
export default function TrendsPage({ params }: { params: { appUserId: string } }) {
  const appUserId = decodeURIComponent(params.appUserId);
  const trpc = useTRPC();
  const me = useQuery(trpc.me.queryOptions());
  const day = today(me.data?.tenant?.defaultTimezone ?? 'UTC');
  const [from, to] = [addDays(day, -59), addDays(day, 1)];
  return (
    <>
      <h1>Trends and reports of {appUserId}</h1>
      <UserLinks appUserId={appUserId} />
      <p className="hint">
        Sleep days {from} to {to}.
      </p>
      <Trend appUserId={appUserId} from={from} to={to} />
      <WeeklyReports appUserId={appUserId} day={day} />
    </>
  );
}
