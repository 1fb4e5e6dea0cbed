import { StatSchema, type Stat } from '@sleep/contracts';

/**
 * The stat's keys in the order Postgres prints a jsonb's (shorter first, then bytewise): the
 * order of the values in `a1_stat` (migration 0012), and of the keys of the stat parsed from it.
 */
export const A1_STAT_KEYS: readonly string[] = Object.keys(StatSchema.shape).sort(
  (a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0),
);

/**
 * The stat from A1's stored values: the keys put back in the jsonb's order, so it equals, key for
 * key, the stat parsed from the jsonb's text. A stat with other keys is stored whole, as it is.
 */
export function statOfA1(stored: readonly unknown[] | Stat | null): Stat | null {
  if (stored === null || !Array.isArray(stored)) return stored as Stat | null;
  return statOfValues(stored as unknown as readonly never[]);
}

/**
 * One literal, so every stat shares one shape (added one by one under computed keys, V8 turns an
 * object of this many properties into a slow dictionary). Its keys must stay `A1_STAT_KEYS`.
 */
// prettier-ignore
const statOfValues = (v: readonly never[]): Stat => ({
    rem_ratio: v[0],
    wake_time: v[1],
    deep_ratio: v[2],
    sleep_time: v[3],
    wake_ratio: v[4],
    waso_count: v[5],
    light_ratio: v[6],
    rem_latency: v[7],
    sleep_cycle: v[8],
    sleep_index: v[9],
    sleep_ratio: v[10],
    time_in_bed: v[11],
    time_in_rem: v[12],
    deep_latency: v[13],
    longest_waso: v[14],
    time_in_deep: v[15],
    time_in_wake: v[16],
    light_latency: v[17],
    sleep_latency: v[18],
    snoring_count: v[19],
    snoring_ratio: v[20],
    time_in_light: v[21],
    time_in_sleep: v[22],
    wakeup_latency: v[23],
    breathing_index: v[24],
    time_in_snoring: v[25],
    no_snoring_ratio: v[26],
    sleep_cycle_time: v[27],
    sleep_efficiency: v[28],
    breathing_pattern: v[29],
    sleep_cycle_count: v[30],
    time_in_no_snoring: v[31],
    stable_breath_ratio: v[32],
    time_in_sleep_period: v[33],
    time_in_stable_breath: v[34],
    unstable_breath_count: v[35],
    unstable_breath_ratio: v[36],
    time_in_unstable_breath: v[37],
});

/**
 * `a1_stat` of a stat, as every writer of `nightly_facts` stores it (migration 0015): the values in
 * `A1_STAT_KEYS`' order when the stat has exactly these keys (none other, none missing), the stat
 * whole otherwise, its keys in the jsonb's order as `stat::json` printed them; null for no stat.
 * A key whose value is undefined counts as absent, as `JSON.stringify` (the stat's jsonb text)
 * drops it. Postgres generated the same value (`A1_STAT_EXPRESSION`) until 0015.
 */
export function a1StatOf(stat: Stat | null): readonly unknown[] | Stat | null {
  if (stat === null || typeof stat !== 'object' || Array.isArray(stat)) return stat;
  const record = stat as unknown as Record<string, unknown>;
  let keys = 0;
  for (const key in record) if (record[key] !== undefined) keys++;
  if (keys === A1_STAT_KEYS.length) {
    const values = new Array<unknown>(keys);
    let found = 0;
    for (let i = 0; i < keys; i++) {
      const value = record[A1_STAT_KEYS[i] as string];
      if (value === undefined) break;
      values[i] = value;
      found++;
    }
    if (found === keys) return values;
  }
  return inJsonbKeyOrder(stat) as Stat;
}

/** Json keys as jsonb orders them: shorter (in UTF-8 bytes) first, then bytewise. */
const byJsonbKeyOrder = (a: string, b: string) =>
  Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b));

/** A json value with every object's keys in the jsonb's order (undefined values dropped). */
function inJsonbKeyOrder(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(inJsonbKeyOrder);
  const record = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort(byJsonbKeyOrder))
    if (record[key] !== undefined) ordered[key] = inJsonbKeyOrder(record[key]);
  return ordered;
}

/**
 * `a1StatOf` in SQL, over a jsonb column "stat": the expression migration 0013 generated
 * `a1_stat` with until 0015, kept for inserts that build the stat in SQL (benchmarks) and as the
 * reference `a1StatOf` is checked against. `jsonb_path_query_array(stat, '$.*')` lists an
 * object's values in the jsonb's key order, which is `A1_STAT_KEYS`' for this key set.
 */
export const A1_STAT_EXPRESSION =
  `coalesce(CASE WHEN "stat" - '{${A1_STAT_KEYS.join(',')}}'::text[] = '{}'::jsonb` +
  ` AND "stat" ?& '{${A1_STAT_KEYS.join(',')}}'::text[]` +
  ` THEN jsonb_path_query_array("stat", '$.*')::text::json END, "stat"::json)`;
