import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type GatewayClient } from '@sleep/api-client';
import { fhirR4Errors } from '@sleep/health-exports/testing';
import { parse } from 'csv-parse/sync';
import { startPlatform, type Platform } from './support/platform';
import { type Role, token } from './support/dev-tokens';
import { createAppUser } from './support/app-user';

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const value = await probe().catch((error: unknown) => {
      last = error;
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${String(last)}`);
    await sleep(500);
  }
}

const DATES = ['2025-03-03', '2025-03-04', '2025-03-05'];

describe('exports over HTTP from the real services (webhooks to FHIR, JSON and research CSV)', () => {
  let platform: Platform;
  const asleepIds: string[] = [];
  const bearer = (appUserId: string, role: Role) => token(platform.tenantId, appUserId, role);
  const as = async (appUserId: string, role: Role): Promise<GatewayClient> => {
    const value = await bearer(appUserId, role);
    return createClient({ url: platform.gateway.url, getToken: () => value });
  };
  const get = async (path: string, appUserId: string, role: Role) =>
    fetch(`${platform.gateway.url}${path}`, {
      headers: { authorization: `Bearer ${await bearer(appUserId, role)}` },
    });

  beforeAll(async () => {
    platform = await startPlatform({ analytics: true });
    const admin = await as('export-admin', 'admin');
    // Six users alike (age band, gender, team) with three nights each, and one alone.
    const people = [
      ...Array.from({ length: 6 }, (_, i) => ({ name: `alike-${i}`, birth: 1985, team: 'a' })),
      { name: 'alone', birth: 1950, team: 'b' },
    ];
    const nights = [];
    for (const person of people) {
      const member = await as(person.name, 'member');
      const { asleepUserId } = await createAppUser(member, {
        metadata: { birth_year: person.birth, gender: 'female' },
      });
      asleepIds.push(asleepUserId);
      await admin.users.tags.set.mutate({ appUserId: person.name, tags: [`team:${person.team}`] });
      for (const date of DATES)
        nights.push(
          // Normal nights: k-anonymity is judged per sleep day too (see org-stats.spec).
          platform.sim.generateNight({
            userId: asleepUserId,
            date,
            timezone: 'Asia/Seoul',
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
    // Every night stored by session-service and analytics-service.
    for (const person of people) {
      const member = await as(person.name, 'member');
      await eventually(`three nights of ${person.name}`, async () => {
        const { nights: facts } = await member.analytics.nights.query({
          from: '2025-03-01',
          to: '2025-03-10',
          includeNaps: true,
        });
        const { sessions } = await member.sessions.list.query({});
        if (facts.length !== 3 || sessions.filter((s) => s.state === 'COMPLETE').length !== 3)
          throw new Error(`${facts.length} facts, ${sessions.length} sessions`);
        return facts;
      });
    }
  }, 300_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('streams a member’s nights as a valid FHIR R4 Bundle, in the zone they were recorded in', async () => {
    const response = await get('/api/exports/users/alike-0?format=fhir', 'alike-0', 'member');
    expect(response.status).toBe(200);
    const bundle = (await response.json()) as {
      entry: {
        resource: {
          effectivePeriod: { start: string };
          component?: unknown[];
          valueQuantity?: { unit: string };
          dataAbsentReason?: unknown;
        };
      }[];
    };
    expect(fhirR4Errors(bundle)).toEqual([]);
    expect(bundle.entry).toHaveLength(3);
    for (const { resource } of bundle.entry) {
      expect(resource.effectivePeriod.start).toMatch(/\+09:00$/);
      // A night with statistics has its value and stages; one without says why it has none.
      if (resource.valueQuantity) expect(resource.component?.length).toBeGreaterThan(0);
      else expect(resource.dataAbsentReason).toBeDefined();
    }
    expect(bundle.entry.some(({ resource }) => resource.valueQuantity?.unit === 'min')).toBe(true);
    expect(JSON.stringify(bundle)).not.toContain(asleepIds[0]);
  }, 60_000);

  it('streams everything held about a user, store by store, for their admin', async () => {
    const response = await get('/api/exports/users/alike-1?format=json', 'export-admin', 'admin');
    expect(response.status).toBe(200);
    const everything = (await response.json()) as {
      user: { appUserId: string; tags: string[] };
      nights: { session: { sleep_stages: number[] | null } }[];
      analyticsFacts: { score: number | null; scoreDetail: unknown }[];
      reports: unknown[];
      insights: unknown[];
      auditEntries: { action: string }[];
    };
    expect(everything.user).toMatchObject({ appUserId: 'alike-1', tags: ['team:a'] });
    expect(everything.nights).toHaveLength(3);
    for (const night of everything.nights)
      expect(night.session.sleep_stages?.length).toBeGreaterThan(0);
    expect(everything.analyticsFacts).toHaveLength(3);
    expect(Array.isArray(everything.reports)).toBe(true);
    // The export of the user before this one is about them too: nothing about anyone else.
    const audit = await (
      await as('export-admin', 'admin')
    ).audit.list.query({
      tenantId: platform.tenantId,
      action: 'export.user',
    });
    expect(audit.entries[0]).toMatchObject({
      target: { kind: 'user', id: 'alike-1' },
      outcome: 'success',
      details: expect.objectContaining({ format: 'json', nights: 3 }),
    });
  }, 60_000);

  it('writes a research CSV honouring k: the lone user is not in it, no id of anyone is', async () => {
    const admin = await as('export-admin', 'admin');
    const job = await admin.exports.research.create.mutate({
      from: '2025-03-01',
      to: '2025-03-10',
      includeTags: true,
    });
    const response = await get(
      `/api/exports/research/${job.exportId}/csv`,
      'export-admin',
      'admin',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(18);
    expect(new Set(rows.map((r) => r.participant)).size).toBe(6);
    expect(new Set(rows.map((r) => `${r.age_band}|${r.gender}|${r.tags}`))).toEqual(
      new Set(['30-44|female|team:a']),
    );
    for (const id of [...asleepIds, 'alike-', 'alone']) expect(text).not.toContain(id);
    const status = await admin.exports.research.get.query({ exportId: job.exportId });
    expect(status).toMatchObject({
      status: 'complete',
      progress: { phase: 'done', rowsWritten: 18, rowsDropped: 3 },
    });
  }, 60_000);
});
