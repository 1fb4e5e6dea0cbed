import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type GatewayClient } from '@sleep/api-client';
import { startPlatform, type Platform } from './support/platform';
import { type Role, token } from './support/dev-tokens';
import { createAppUser } from './support/app-user';

let outputs = () => '';

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const value = await probe().catch((error: unknown) => void (last = error));
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${String(last)}${outputs()}`);
    await sleep(500);
  }
}

const PERIOD = { period: 'custom' as const, from: '2025-03-01', to: '2025-03-10' };

describe('tenant statistics through the gateway (webhooks to org.breakdown, every app a real process)', () => {
  let platform: Platform;
  const as = async (appUserId: string, role: Role): Promise<GatewayClient> => {
    const bearer = await token(platform.tenantId, appUserId, role);
    return createClient({ url: platform.gateway.url, getToken: () => bearer });
  };

  beforeAll(async () => {
    platform = await startPlatform({ analytics: true });
    outputs = () =>
      [platform.analytics, platform.gateway]
        .map((app) => `\n--- ${app?.name}:\n${app?.output().slice(-3000)}`)
        .join('');
    const admin = await as('org-admin', 'admin');
    // Six night-shift workers of one age and gender with the same two nights, and one day worker
    // alone in her team and age band.
    const people = [
      ...Array.from({ length: 6 }, (_, i) => ({
        name: `shift-${i}`,
        birth: 1985,
        team: 'night-shift',
        dates: ['2025-03-03', '2025-03-04'],
      })),
      { name: 'day-0', birth: 1950, team: 'day', dates: ['2025-03-03'] },
    ];
    const nights = [];
    for (const person of people) {
      const member = await as(person.name, 'member');
      const { asleepUserId } = await createAppUser(member, {
        metadata: { birth_year: person.birth, gender: 'female' },
      });
      await admin.users.tags.set.mutate({ appUserId: person.name, tags: [`team:${person.team}`] });
      // Normal nights only: a random never-slept or too-short one leaves a sleep day with fewer
      // than k users, and k-anonymity then rightly hides the whole atom.
      for (const date of person.dates)
        nights.push(
          platform.sim.generateNight({
            userId: asleepUserId,
            date,
            timezone: 'UTC',
            kind: 'normal',
          }),
        );
    }
    const played = await platform.sim.playNights({
      webhookUrl: platform.webhookUrl,
      nights,
      speed: 'immediate',
      windowEpochs: 40,
      concurrency: 4,
    });
    expect(played.failed).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('an analyst sees the tenant and its teams, the lone user counted nowhere; members are refused', async () => {
    const analyst = await as('org-analyst', 'analyst');
    const stats = await eventually('six active users in org.stats', async () => {
      const answer = await analyst.org.stats.query(PERIOD);
      if (!answer.total.suppressed && answer.total.nights === 12) return answer;
      throw new Error(JSON.stringify(answer.total));
    });
    expect(stats.total).toMatchObject({
      suppressed: false,
      activeUsers: 6,
      nightsStarted: 12,
      nightsCompleted: 12,
      trackingCompleteness: 1,
    });
    const byTeam = await eventually('both teams in org.breakdown', async () => {
      const answer = await analyst.org.breakdown.query({ ...PERIOD, dimensions: ['tag:team'] });
      return answer.groups.length === 2 ? answer : undefined;
    });
    expect(byTeam.groups).toEqual([
      { group: { 'tag:team': 'day' }, suppressed: true },
      expect.objectContaining({
        group: { 'tag:team': 'night-shift' },
        suppressed: false,
        activeUsers: 6,
        nights: 12,
      }),
    ]);
    const member = await as('shift-0', 'member');
    await expect(member.org.stats.query(PERIOD)).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });
  }, 300_000);

  it('answers the REST route, and a clear 400 naming the field for three dimensions', async () => {
    const bearer = await token(platform.tenantId, 'org-analyst', 'analyst');
    const get = (query: string) =>
      fetch(`${platform.gateway.url}/api/org/breakdown?${query}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
    const ok = await get('period=month&from=2025-03-15&dimensions=ageBand,tag:team');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ from: '2025-03-01', to: '2025-03-31' });
    const bad = await get('period=month&from=2025-03-15&dimensions=ageBand,gender,tag:team');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('dimensions');
    const long = await get('period=custom&from=2025-01-01&to=2026-03-01&dimensions=gender');
    expect(long.status).toBe(400);
    expect(JSON.stringify(await long.json())).toContain('to');
  }, 60_000);
});
