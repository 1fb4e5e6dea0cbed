import { type AverageStatsResult, StatSchema } from '@sleep/contracts';

/** A slept session of A1's answer. */
type SleptSession = AverageStatsResult['slept_sessions'][number];

/**
 * A1's answer as `averagePackedV2` sends it: the answer itself, except that each slept session
 * rendered from a stored stat (the fields of `SLEPT_SESSION_KEYS`, in that order) is the list of
 * its values, its ratios in thousandths (`RATIO_KEYS`). The key names were about 60 % of the
 * 116 kB answer for 100 nights; without them the server writes and the gateway reads 46 kB
 * (`unpackAverage` puts them back).
 */
export type PackedAverage = Omit<AverageStatsResult, 'slept_sessions'> & {
  slept_sessions: PackedSleptSession[];
};

/** Values in `SLEPT_SESSION_KEYS` order, or a session of any other keys as it is. */
export type PackedSleptSession = readonly unknown[] | SleptSession;

/**
 * The fields of a slept session as analytics renders it from a stored stat: the session's own,
 * then the stat's in the order Postgres prints a jsonb's keys (shorter first, then bytewise).
 */
export const SLEPT_SESSION_KEYS: readonly string[] = [
  'id',
  'created_timezone',
  'start_time',
  'end_time',
  'completed_time',
  ...Object.keys(StatSchema.shape).sort(
    (a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0),
  ),
];

/**
 * The ratios of a slept session, sent as whole thousandths (0.16 as 160): JSON writes a fraction
 * by finding its shortest decimal, several times the cost of an integer, and a session has up to
 * eleven ratios (Asleep's have two or three decimals).
 */
const RATIO_KEYS: ReadonlySet<string> = new Set([
  'sleep_efficiency',
  'wake_ratio',
  'sleep_ratio',
  'light_ratio',
  'deep_ratio',
  'rem_ratio',
  'stable_breath_ratio',
  'unstable_breath_ratio',
  'snoring_ratio',
  'no_snoring_ratio',
  'breathing_index',
]);

/** Where the ratios are in a packed session. */
export const RATIO_INDEXES: readonly number[] = SLEPT_SESSION_KEYS.flatMap((key, index) =>
  RATIO_KEYS.has(key) ? [index] : [],
);

/**
 * A ratio as sent: its whole thousandths when that is exactly it (dividing them by 1000 gives the
 * same number back), null as null, anything else as itself in a list of one.
 */
export function ratioAsSent(value: unknown): unknown {
  if (typeof value === 'number') {
    const thousandths = Math.round(value * 1000);
    if (thousandths / 1000 === value) return thousandths;
  }
  return value === null ? null : [value];
}

/** The ratio `ratioAsSent` was given. */
const ratioOf = (sent: unknown): never =>
  (typeof sent === 'number' ? sent / 1000 : Array.isArray(sent) ? sent[0] : sent) as never;

/** A packed session's ratios as sent, in place. */
export function sendRatios(values: unknown[]): unknown[] {
  for (const index of RATIO_INDEXES) values[index] = ratioAsSent(values[index]);
  return values;
}

/**
 * A session's values in `SLEPT_SESSION_KEYS` order; null when it has other keys, or a value JSON
 * leaves out of an object but would write as null in a list.
 */
function valuesOf(session: SleptSession): unknown[] | null {
  const values: unknown[] = [];
  let i = 0;
  for (const key in session) {
    if (key !== SLEPT_SESSION_KEYS[i] || !Object.hasOwn(session, key)) return null;
    const value: unknown = (session as Record<string, unknown>)[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol')
      return null;
    values.push(value);
    i++;
  }
  return i === SLEPT_SESSION_KEYS.length ? values : null;
}

/** A slept session packed (one of other shapes kept whole). */
export function packSleptSession(session: SleptSession): PackedSleptSession {
  const values = valuesOf(session);
  return values === null ? session : sendRatios(values);
}

/** The answer with its slept sessions packed (those of other shapes kept whole). */
export function packAverage(answer: AverageStatsResult): PackedAverage {
  return { ...answer, slept_sessions: answer.slept_sessions.map(packSleptSession) };
}

/**
 * The answer `packAverage` was given: equal to it field for field and in key order, so it
 * serialises to the same bytes.
 */
export function unpackAverage(packed: PackedAverage): AverageStatsResult {
  return {
    ...packed,
    slept_sessions: packed.slept_sessions.map((session) =>
      Array.isArray(session)
        ? sessionOfValues(session as unknown as readonly never[])
        : (session as SleptSession),
    ),
  };
}

/**
 * One literal, so every session shares one shape (set one by one under computed keys, V8 turns an
 * object of this many properties into a slow dictionary). Its keys must stay `SLEPT_SESSION_KEYS`,
 * with `ratioOf` at the `RATIO_INDEXES`.
 */
// prettier-ignore
const sessionOfValues = (v: readonly never[]): SleptSession => ({
    id: v[0],
    created_timezone: v[1],
    start_time: v[2],
    end_time: v[3],
    completed_time: v[4],
    rem_ratio: ratioOf(v[5]),
    wake_time: v[6],
    deep_ratio: ratioOf(v[7]),
    sleep_time: v[8],
    wake_ratio: ratioOf(v[9]),
    waso_count: v[10],
    light_ratio: ratioOf(v[11]),
    rem_latency: v[12],
    sleep_cycle: v[13],
    sleep_index: v[14],
    sleep_ratio: ratioOf(v[15]),
    time_in_bed: v[16],
    time_in_rem: v[17],
    deep_latency: v[18],
    longest_waso: v[19],
    time_in_deep: v[20],
    time_in_wake: v[21],
    light_latency: v[22],
    sleep_latency: v[23],
    snoring_count: v[24],
    snoring_ratio: ratioOf(v[25]),
    time_in_light: v[26],
    time_in_sleep: v[27],
    wakeup_latency: v[28],
    breathing_index: ratioOf(v[29]),
    time_in_snoring: v[30],
    no_snoring_ratio: ratioOf(v[31]),
    sleep_cycle_time: v[32],
    sleep_efficiency: ratioOf(v[33]),
    breathing_pattern: v[34],
    sleep_cycle_count: v[35],
    time_in_no_snoring: v[36],
    stable_breath_ratio: ratioOf(v[37]),
    time_in_sleep_period: v[38],
    time_in_stable_breath: v[39],
    unstable_breath_count: v[40],
    unstable_breath_ratio: ratioOf(v[41]),
    time_in_unstable_breath: v[42],
});
