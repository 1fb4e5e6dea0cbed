import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type GatewayClient } from '@sleep/api-client';
import type { AverageStatsResult } from '@sleep/contracts';
import { startPlatform, type Platform } from './support/platform';
import { token } from './support/dev-tokens';
import { createAppUser } from './support/app-user';

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

const DAYS = [
  '2025-03-03',
  '2025-03-04',
  '2025-03-05',
  '2025-03-06',
  '2025-03-07',
  '2025-03-08',
  '2025-03-09',
];
const toSeconds = (time: string | null | undefined) =>
  time ? time.split(':').reduce((total, part) => total * 60 + Number(part), 0) : null;

/**
 * When the sessions' mean of `field` lies exactly halfway between two values A1 keeps (whole
 * numbers; 3 decimals for the 2-decimal ratios), those two and the half-to-even one; else null.
 * Worked out in integers, so no floating-point error decides it.
 */
function halfwayMean(sessions: readonly Record<string, unknown>[], field: string) {
  const values = sessions.map((s) => s[field]).filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return null;
  const whole = values.every((v) => Number.isInteger(v));
  const scale = whole ? 1 : 1000;
  // In units of the kept value: whole numbers, or thousandths from whole hundredths.
  const sum = values.reduce((total, v) => total + (whole ? v : Math.round(v * 100) * 10), 0);
  const n = values.length;
  if ((2 * sum) % n !== 0 || sum % n === 0) return null;
  const below = Math.floor(sum / n);
  return {
    below: below / scale,
    above: (below + 1) / scale,
    halfToEven: (below % 2 === 0 ? below : below + 1) / scale,
  };
}

describe('webhooks to analytics.* through the gateway (every app a real process)', () => {
  let platform: Platform;
  let member: GatewayClient;
  let asleepUserId: string;

  beforeAll(async () => {
    platform = await startPlatform({ analytics: true });
    member = createClient({
      url: platform.gateway.url,
      getToken: await token(platform.tenantId, 'analytics-sleeper', 'member').then((t) => () => t),
    });
    ({ asleepUserId } = await createAppUser(member, { metadata: { birth_year: 1985 } }));
    const nights = DAYS.map((date) =>
      platform.sim.generateNight({ userId: asleepUserId, date, timezone: 'UTC' }),
    );
    const report = await platform.sim.playNights({
      webhookUrl: platform.webhookUrl,
      nights,
      speed: 'immediate',
      windowEpochs: 40,
      concurrency: 4,
    });
    expect(report.failed).toBe(0);
  }, 300_000);

  afterAll(async () => {
    if (process.env['E2E_DEBUG'])
      for (const app of [platform.sessions, platform.analytics, platform.gateway])
        if (app) console.log(app.name, app.output().slice(-4000));
    await platform?.stop();
  });

  it('stores every night as a fact with a score, and answers every analytics procedure', async () => {
    const { nights } = await eventually('seven facts', async () => {
      const answer = await member.analytics.nights.query({ from: '2025-03-01', to: '2025-03-12' });
      return answer.nights.length === DAYS.length ? answer : undefined;
    });
    const slept = nights.find((n) => n.slept) ?? nights[0];
    const score = await member.analytics.score.query({ sessionId: slept.sessionId });
    expect(score.score).toEqual(expect.any(Number));
    expect(score.contributors).toHaveLength(6);
    const regularity = await member.analytics.regularity.query({
      from: '2025-03-03',
      to: '2025-03-09',
    });
    expect(regularity.regularity.trackedDays).toBeGreaterThanOrEqual(5);
    const trends = await member.analytics.trends.query({
      from: '2025-03-01',
      to: '2025-03-12',
      metric: 'score',
    });
    expect(trends.trend.nights).toBe(nights.filter((n) => n.mainSleep && n.slept).length);
    const report = await member.analytics.reports.get.query({ kind: 'week', day: '2025-03-05' });
    expect(report.period.key).toBe('2025-W10');
    await expect(member.analytics.insights.query({})).resolves.toHaveProperty('insights');
    await expect(
      member.analytics.nights.query({ from: '2025-03-09', to: '2025-03-01' }),
    ).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
  }, 90_000);

  it('stats.average from analytics gives the numbers Asleep (the simulator) gives for the same nights', async () => {
    const window = { startDate: '2025-03-01', endDate: '2025-03-12', timezone: 'UTC' };
    const ours: AverageStatsResult = await member.stats.average.query(window);
    const theirs = (
      (await (
        await fetch(
          `${platform.sim.url}/data/v1/users/${asleepUserId}/average-stats?start_date=${window.startDate}&end_date=${window.endDate}`,
          { headers: { 'x-api-key': platform.key, timezone: 'UTC' } },
        )
      ).json()) as { result: AverageStatsResult }
    ).result;
    expect(ours.slept_sessions.map((s) => s.session_id).sort()).toEqual(
      theirs.slept_sessions.map((s) => s.session_id).sort(),
    );
    const a = ours.average_stats as Record<string, unknown>;
    const b = theirs.average_stats as Record<string, unknown>;
    // Times of day: our circular mean and the simulator's linear mean (clock cut at the widest gap)
    // differ slightly by design (documented in analytics-service's README); both stay close.
    // Counts: the simulator keeps 3 decimals, we round to whole numbers. A mean exactly halfway
    // between two kept values (fewer than seven slept nights, or a field some nights lack): we
    // round half to even (analytics.md, section 3), the simulator its floating-point mean, half up
    // or by its float error either way. Every other mean is the same number on both sides.
    for (const field of Object.keys(b)) {
      if (['start_time', 'end_time', 'sleep_time', 'wake_time'].includes(field)) {
        expect(
          Math.abs((toSeconds(a[field] as string) ?? 0) - (toSeconds(b[field] as string) ?? 0)),
        ).toBeLessThanOrEqual(300);
      } else if (
        typeof b[field] === 'number' &&
        !Number.isInteger(b[field]) &&
        Number.isInteger(a[field])
      ) {
        expect(Math.abs((a[field] as number) - (b[field] as number))).toBeLessThanOrEqual(0.5);
      } else {
        const tie = halfwayMean(theirs.slept_sessions, field);
        if (tie) {
          expect({ field, value: a[field] }).toEqual({ field, value: tie.halfToEven });
          expect([tie.below, tie.above]).toContain(b[field]);
        } else {
          expect({ field, value: a[field] }).toEqual({ field, value: b[field] });
        }
      }
    }
  }, 60_000);
});
