import type { OrgGroupStats, OrgStatsResult } from '@sleep/analytics-rpc';
import { type CompletenessSlo, type OrgStatsQuery, tagKeyOf } from '@sleep/contracts';
import {
  ageBandOf,
  type CohortCell,
  type Distribution,
  rawDistributionOfCounts,
  roundDistribution,
  roundHalfAwayFromZero,
  suppressedCells,
} from '@sleep/sleep-metrics';
import { countsOf, type Placement, profileOfAtom, rareAtoms } from './org-atoms';
import type {
  CountRow,
  HistogramRow,
  Membership,
  OrgStatsQueries,
  ProfileRow,
  StoredAtom,
} from './org-stats.queries';
import { DEFAULT_COMPLETENESS_DEADLINE_HOURS } from '../facts/session-starts';

const DAY_MS = 86_400_000;

/** A user's value in one dimension; `unknown` / `none` when the profile has none. */
export function dimensionValue(
  dimension: string,
  profile: Omit<ProfileRow, 'user_id'> | undefined,
  periodEnd: string,
): string {
  if (dimension === 'ageBand') return ageBandOf(profile?.birth_year, periodEnd);
  if (dimension === 'gender') return profile?.gender ?? 'unknown';
  const key = dimension.slice('tag:'.length);
  const tag = profile?.tags.find((t) => tagKeyOf(t) === key);
  return tag === undefined ? 'none' : tag.slice(key.length + 1);
}

const cellKey = (values: readonly string[]) => JSON.stringify(values);

/**
 * Every dimension a query could group by in this tenant: age band, gender and each tag key
 * present. A user's values in all of them form their atom; every group of every breakdown is a
 * union of atoms.
 */
export function allDimensions(profiles: readonly ProfileRow[]): string[] {
  const keys = new Set(profiles.flatMap((p) => p.tags.map(tagKeyOf)));
  return ['ageBand', 'gender', ...[...keys].sort().map((key) => `tag:${key}`)];
}

/** Every profiled user's atom and group; users without a profile get the fallbacks. */
export function membershipOf(
  profiles: readonly ProfileRow[],
  dimensions: readonly string[],
  periodEnd: string,
): Membership {
  const all = allDimensions(profiles);
  const values = (dims: readonly string[], p: ProfileRow | undefined) =>
    cellKey(dims.map((d) => dimensionValue(d, p, periodEnd)));
  return {
    userIds: profiles.map((p) => p.user_id),
    atoms: profiles.map((p) => values(all, p)),
    cells: profiles.map((p) => values(dimensions, p)),
    fallbackAtom: values(all, undefined),
    fallbackCell: values(dimensions, undefined),
  };
}

/** Decimals of each distribution (analytics definitions: score, seconds, ratio, SRI). */
const METRICS = [
  ['score', 'score', 1],
  ['timeInSleep', 'time_in_sleep', 0],
  ['sleepEfficiency', 'efficiency', 3],
  ['sleepLatency', 'latency', 0],
  ['sri', 'sri', 1],
] as const;

type Histograms = Map<string, [number, number][]>;

/**
 * Each group's histograms by metric, and the whole tenant's (the sum of the groups'). Counts of
 * one value are merged, so the mean does not depend on the order the rows came in.
 */
function histogramsOf(rows: readonly HistogramRow[]): Map<string | null, Histograms> {
  const counts = new Map<string | null, Map<string, Map<number, number>>>();
  const add = (cell: string | null, row: HistogramRow) => {
    let metrics = counts.get(cell);
    if (!metrics) counts.set(cell, (metrics = new Map()));
    let values = metrics.get(row.metric);
    if (!values) metrics.set(row.metric, (values = new Map()));
    values.set(row.value, (values.get(row.value) ?? 0) + row.n);
  };
  for (const row of rows) {
    add(row.cell, row);
    add(null, row);
  }
  const byCell = new Map<string | null, Histograms>();
  for (const [cell, metrics] of counts)
    byCell.set(cell, new Map([...metrics].map(([metric, values]) => [metric, [...values]])));
  return byCell;
}

function distribution(
  histograms: Histograms | undefined,
  metric: string,
  decimals: number,
): Distribution | null {
  const raw = rawDistributionOfCounts(histograms?.get(metric) ?? []);
  return raw && roundDistribution(raw, decimals);
}

const ratio = (part: number, whole: number) =>
  whole > 0 ? roundHalfAwayFromZero(part / whole, 3) : null;

/** The completeness SLO of a group's counts. */
export function completenessSloOf(row: CountRow, deadlineHours: number): CompletenessSlo {
  const nightsDue = row.completedOnTime + row.completedLate + row.missing;
  return {
    deadlineHours,
    nightsDue,
    completedOnTime: row.completedOnTime,
    completedLate: row.completedLate,
    missing: row.missing,
    pending: row.pending,
    onTimeRatio: ratio(row.completedOnTime, nightsDue),
    completedRatio: ratio(row.completedOnTime + row.completedLate, nightsDue),
  };
}

function statsOf(
  row: CountRow,
  histograms: Histograms | undefined,
  days: number,
  deadlineHours: number,
): OrgGroupStats {
  const stats: Record<string, unknown> = {
    suppressed: false,
    activeUsers: row.active,
    nights: row.nights,
    nightsPerDay: roundHalfAwayFromZero(row.nights / days, 2),
    nightsStarted: row.started,
    nightsCompleted: row.completed,
    trackingCompleteness:
      row.started > 0 ? roundHalfAwayFromZero(Math.min(row.completed / row.started, 1), 3) : null,
    completenessSlo: completenessSloOf(row, deadlineHours),
  };
  for (const [field, metric, decimals] of METRICS)
    stats[field] = distribution(histograms, metric, decimals);
  return stats as unknown as OrgGroupStats;
}

/**
 * Tenant statistics (analytics definitions, section 8) with k-anonymity in two layers:
 * 1. atoms: users whose combination of every dimension (age band, gender, every tag key) is not
 *    k-anonymous in the period (fewer than k users, or a sleep day or SRI week with 1..k-1 of
 *    them) count in no number at all, the total included. Every number is then an aggregate of
 *    whole k-anonymous atoms, so no difference of answers (two windows, two breakdowns, a total
 *    and its groups) can isolate fewer than k users.
 * 2. groups, as section 8 says: a group under k users is `{ suppressed: true }`, with
 *    complementary suppression (`suppressedCells`). A group whose every user is in a rare atom
 *    is listed as suppressed (nothing of it is counted anywhere).
 * Everything is read from rollups per stored atom (a profile's birth year, gender and tags),
 * each placed in the query's atom and group here.
 */
export async function readOrgStats(
  queries: OrgStatsQueries,
  query: OrgStatsQuery,
  deadlineHours = DEFAULT_COMPLETENESS_DEADLINE_HOURS,
): Promise<OrgStatsResult> {
  const { tenantId, from, to, dimensions, minGroupSize: k } = query;
  const [days, users, open, weeks] = await Promise.all([
    queries.atomDays(tenantId, from, to),
    queries.atomUsers(tenantId, from, to),
    queries.atomOpen(tenantId, from, to),
    queries.atomWeeks(tenantId, from, to),
  ]);
  const read = { days, users, open, weeks };
  const stored = [...new Set([...days, ...users, ...open, ...weeks].map((row) => row.atom))];
  const place = placementOf(stored, dimensions, to);
  const rare = rareAtoms(read, place, k);
  const counted = stored.filter((atom) => !rare.has(place(atom).atom));
  const histograms = await queries.histograms(
    tenantId,
    from,
    to,
    counted,
    counted.map((atom) => place(atom).cell),
  );
  return assembleOrgStats(
    query,
    { counts: countsOf(read, place, rare), histograms },
    [...rare.values()],
    deadlineHours,
  );
}

/** The query's atom and group of each stored atom (dimension values as `membershipOf`). */
function placementOf(
  stored: readonly StoredAtom[],
  dimensions: readonly string[],
  periodEnd: string,
): Placement {
  const profiles = new Map(stored.map((atom) => [atom, profileOfAtom(atom)]));
  const all = allDimensions([...profiles.values()]);
  const values = (dims: readonly string[], p: ProfileRow | undefined) =>
    cellKey(dims.map((d) => dimensionValue(d, p, periodEnd)));
  const placed = new Map<StoredAtom, { atom: string; cell: string }>();
  return (atom) => {
    let place = placed.get(atom);
    if (!place) {
      const profile = profiles.get(atom) ?? profileOfAtom(atom);
      place = { atom: values(all, profile), cell: values(dimensions, profile) };
      placed.set(atom, place);
    }
    return place;
  };
}

export function assembleOrgStats(
  query: OrgStatsQuery,
  read: { counts: CountRow[]; histograms: HistogramRow[] },
  rareCells: readonly string[],
  deadlineHours = DEFAULT_COMPLETENESS_DEADLINE_HOURS,
): OrgStatsResult {
  const days = (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS + 1;
  const k = query.minGroupSize;
  const histograms = histogramsOf(read.histograms);
  const totalRow = read.counts.find((c) => c.cell === null);
  const totalShown = (totalRow?.users ?? 0) >= k;
  const rows = new Map<string, CountRow | undefined>();
  if (query.dimensions.length > 0) {
    for (const row of read.counts) if (row.cell !== null) rows.set(row.cell, row);
    for (const cell of rareCells) if (!rows.has(cell)) rows.set(cell, undefined);
  }
  const two = query.dimensions.length === 2;
  // Groups are unions of k-anonymous atoms, so their day and week slices pass by construction.
  // A group with nobody counted (all in rare atoms) is listed as suppressed but stays out of the
  // complementary step: what subtraction would yield for it is already known to be nothing.
  const cells: CohortCell[] = [...rows]
    .filter(([, row]) => row !== undefined)
    .map(([cell, row]) => {
      const values = JSON.parse(cell) as string[];
      return {
        key: cell,
        users: row?.users ?? 0,
        slices: new Map(),
        lines: two ? ['total', `row:${values[0]}`, `col:${values[1]}`] : ['total'],
        ...(two ? { edge: [values[0] as string, values[1] as string] as const } : {}),
      };
    });
  const hidden = totalShown ? suppressedCells(cells, k) : new Set(rows.keys());
  const result = (row: CountRow | undefined, cell: string | null, suppressed: boolean) =>
    suppressed || !row
      ? ({ suppressed: true } as const)
      : statsOf(row, histograms.get(cell), days, deadlineHours);
  return {
    from: query.from,
    to: query.to,
    days,
    minGroupSize: k,
    dimensions: [...query.dimensions],
    total: result(totalRow, null, !totalShown),
    groups: [...rows]
      .map(([cell, row]) => {
        const values = JSON.parse(cell) as string[];
        const group = Object.fromEntries(query.dimensions.map((d, i) => [d, values[i] as string]));
        return { group, ...result(row, cell, hidden.has(cell)) };
      })
      .sort((a, b) => (JSON.stringify(a.group) < JSON.stringify(b.group) ? -1 : 1)),
  };
}
