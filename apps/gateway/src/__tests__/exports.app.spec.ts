import FhirValidator from '@asymmetrik/fhir-json-schema-validator';
import type { SleepData } from '@sleep/contracts';
import { sampleGetSessionSeoul } from '@sleep/contracts/testing';
import { type GatewayFixture, KEY_ACME, KEY_GLOBEX, startGateway } from './gateway-fixture';

const acme = 'acme-exports';
const globex = 'globex-exports';
const NIGHTS = ['20250310140000_k3m9x', '20250311140000_k3m9y', '20250312140000_k3m9z'];

/** The download routes on the real app: real Kafka and Postgres, Asleep simulated. */
describe('gateway: export downloads over HTTP', () => {
  let gw: GatewayFixture;
  let bob: string;
  let alice: string;
  let adam: string;
  let gadmin: string;
  let olga: string;
  const get = (path: string, token?: string) =>
    fetch(`${gw.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    // Nothing listens on the discard port: analytics is unreachable, its absence must be clear.
    gw = await startGateway({ ANALYTICS_SERVICE_URL: 'http://127.0.0.1:9' });
    olga = await gw.token('platform', 'olga', 'operator');
    const operator = gw.client(olga);
    await operator.platform.tenants.create.mutate({
      id: acme,
      name: 'Acme',
      asleepApiKey: KEY_ACME,
    });
    await operator.platform.tenants.create.mutate({
      id: globex,
      name: 'Globex',
      asleepApiKey: KEY_GLOBEX,
    });
    bob = await gw.token(acme, 'bob', 'member');
    alice = await gw.token(acme, 'alice', 'member');
    adam = await gw.token(acme, 'adam', 'admin');
    gadmin = await gw.token(globex, 'gadmin', 'admin');
    const { asleepUserId } = await gw.client(bob).users.create.mutate({});
    for (const [i, sessionId] of NIGHTS.entries()) {
      const night = structuredClone(sampleGetSessionSeoul.result) as SleepData;
      night.session.id = sessionId;
      night.session.start_time = `2025-03-1${i}T23:00:00+09:00`;
      night.session.end_time = `2025-03-1${i + 1}T01:01:00+09:00`;
      gw.store.put({ tenantId: acme, asleepUserId, sessionId }, night);
    }
  }, 90_000);
  afterAll(() => gw?.stop());

  it('streams a user’s nights as a FHIR R4 Bundle the official schema accepts', async () => {
    const response = await get('/api/exports/users/bob?format=fhir', bob);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="fhir-bundle-/,
    );
    const bundle = await response.json();
    expect(new FhirValidator().validate(bundle)).toEqual([]);
    expect(bundle.entry).toHaveLength(3);
    expect(
      bundle.entry.map(
        (e: { resource: { effectivePeriod: { start: string } } }) =>
          e.resource.effectivePeriod.start,
      ),
    ).toEqual([
      '2025-03-10T23:00:00+09:00',
      '2025-03-11T23:00:00+09:00',
      '2025-03-12T23:00:00+09:00',
    ]);
    const text = JSON.stringify(bundle);
    expect(text).not.toContain('"bob"');
  });

  it('streams Open mHealth sleep-duration and sleep-episode data points', async () => {
    const response = await get('/api/exports/users/bob?format=omh', adam);
    expect(response.status).toBe(200);
    const points = await response.json();
    expect(
      points.map((p: { header: { schema_id: { name: string } } }) => p.header.schema_id.name),
    ).toEqual([
      'sleep-duration',
      'sleep-episode',
      'sleep-duration',
      'sleep-episode',
      'sleep-duration',
      'sleep-episode',
    ]);
  });

  it('records each export in the audit log with its format and what it held', async () => {
    const { entries } = await gw
      .client(olga)
      .audit.list.query({ tenantId: acme, action: 'export.user' });
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: { kind: 'user', id: 'bob' },
          target: { kind: 'user', id: 'bob' },
          outcome: 'success',
          details: expect.objectContaining({ format: 'fhir', nights: 3 }),
        }),
        expect.objectContaining({
          actor: { kind: 'user', id: 'adam' },
          details: expect.objectContaining({ format: 'omh', nights: 3 }),
        }),
      ]),
    );
  });

  it('answers refusals and bad input as JSON with clear codes, before any byte of a file', async () => {
    const cases: [string, string | undefined, number, string, string?][] = [
      ['/api/exports/users/bob?format=fhir', undefined, 401, 'UNAUTHORIZED'],
      ['/api/exports/users/bob?format=fhir', alice, 403, 'FORBIDDEN'],
      ['/api/exports/users/bob?format=fhir', gadmin, 404, 'NOT_FOUND'],
      ['/api/exports/users/bob?format=fhir', olga, 403, 'FORBIDDEN'],
      ['/api/exports/users/bob?format=xml', bob, 400, 'BAD_REQUEST', 'format'],
      ['/api/exports/research?from=2025-01-01&to=2026-03-01', adam, 400, 'BAD_REQUEST', 'to'],
      ['/api/exports/research?from=2025-03-02&to=2025-03-01', adam, 400, 'BAD_REQUEST', 'to'],
      ['/api/exports/research?from=yesterday&to=2025-03-01', adam, 400, 'BAD_REQUEST', 'from'],
      [
        '/api/exports/research?from=2025-03-01&to=2025-03-31&includeTags=maybe',
        adam,
        400,
        'BAD_REQUEST',
        'includeTags',
      ],
      ['/api/exports/research?from=2025-03-01&to=2025-03-31', bob, 403, 'FORBIDDEN'],
      // Analytics is unreachable here: the research export cannot start, and says so.
      ['/api/exports/research?from=2025-03-01&to=2025-03-31', adam, 503, 'SERVICE_UNAVAILABLE'],
    ];
    for (const [path, token, status, code, field] of cases) {
      const response = await get(path, token);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = await response.json();
      expect(body.code).toBe(code);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:|stack/);
      if (field) expect(body.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
  });

  it('a complete JSON export needs every store: without analytics it is refused, not partial', async () => {
    const response = await get('/api/exports/users/bob?format=json', bob);
    expect(response.status).toBe(503);
    expect((await response.json()).code).toBe('SERVICE_UNAVAILABLE');
    const { entries } = await gw
      .client(olga)
      .audit.list.query({ tenantId: acme, action: 'export.user' });
    expect(entries[0]).toMatchObject({
      outcome: 'failure',
      details: expect.objectContaining({ format: 'json', error: 'SERVICE_UNAVAILABLE' }),
    });
  });
});
