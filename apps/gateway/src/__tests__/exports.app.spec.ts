import type { SleepData } from '@sleep/contracts';
import { sampleGetSessionSeoul } from '@sleep/contracts/testing';
import { fhirR4Errors } from '@sleep/health-exports/testing';
import {
  type GatewayFixture,
  KEY_ACME,
  KEY_GLOBEX,
  startGateway,
  GATEWAY_SETUP_TIMEOUT_MS,
} from './gateway-fixture';

const acme = 'acme-exports';
const globex = 'globex-exports';
const UNKNOWN_EXPORT = '0b6f0c5e-2f49-4a53-9a3e-0d8e1c2b7f10';
const NIGHTS = ['20250310140000_k3m9x', '20250311140000_k3m9y', '20250312140000_k3m9z'];

/** The download routes on the real app: real Kafka and Postgres, Asleep simulated. */
describe('gateway: export downloads over HTTP', () => {
  let gw: GatewayFixture;
  let bob: string;
  let alice: string;
  let adam: string;
  let gadmin: string;
  let olga: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = async (response: Response): Promise<any> => response.json();
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
  }, GATEWAY_SETUP_TIMEOUT_MS);
  afterAll(() => gw?.stop());

  it('streams a user’s nights as a FHIR R4 Bundle the official schema accepts', async () => {
    const response = await get('/api/exports/users/bob?format=fhir', bob);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="fhir-bundle-/,
    );
    const bundle = await json(response);
    expect(fhirR4Errors(bundle)).toEqual([]);
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
    const points = await json(response);
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
      ['/api/exports/research/not-a-uuid/csv', adam, 400, 'BAD_REQUEST', 'exportId'],
      [`/api/exports/research/${UNKNOWN_EXPORT}/csv`, adam, 404, 'NOT_FOUND'],
      [`/api/exports/research/${UNKNOWN_EXPORT}/csv`, bob, 403, 'FORBIDDEN'],
    ];
    for (const [path, token, status, code, field] of cases) {
      const response = await get(path, token);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = await json(response);
      expect(body.code).toBe(code);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:|stack/);
      if (field) expect(body.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
  });

  it('creates research exports, refuses bad periods, and keeps them to their tenant', async () => {
    const post = (token: string, body: unknown) =>
      fetch(`${gw.url}/api/exports/research`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const tooLong = await post(adam, { from: '2025-01-01', to: '2026-03-01' });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify((await json(tooLong)).issues)).toContain('"to"');
    expect((await post(adam, { from: '2025-03-02', to: '2025-03-01' })).status).toBe(400);
    expect((await post(bob, { from: '2025-03-01', to: '2025-03-31' })).status).toBe(403);

    const created = await post(adam, { from: '2025-03-01', to: '2025-03-31', includeTags: true });
    expect(created.status).toBe(200);
    const job = await json(created);
    expect(job).toMatchObject({
      status: 'pending',
      minGroupSize: 5,
      includeTags: true,
      progress: { phase: 'waiting' },
    });
    const status = await get(`/api/exports/research/${job.exportId}`, adam);
    expect((await json(status)).status).toBe('pending');
    expect((await get(`/api/exports/research/${job.exportId}`, gadmin)).status).toBe(404);
    expect((await get(`/api/exports/research/${job.exportId}/csv`, gadmin)).status).toBe(404);
    // Analytics is unreachable here: the download cannot start and says so; the export failed.
    const download = await get(`/api/exports/research/${job.exportId}/csv`, adam);
    expect(download.status).toBe(503);
    expect((await json(download)).code).toBe('SERVICE_UNAVAILABLE');
    expect(await json(await get(`/api/exports/research/${job.exportId}`, adam))).toMatchObject({
      status: 'failed',
      error: 'SERVICE_UNAVAILABLE',
    });
    // Downloaded once (here: tried once): a second download is a conflict, not a second key.
    const again = await get(`/api/exports/research/${job.exportId}/csv`, adam);
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('CONFLICT');
  });

  it('a complete JSON export needs every store: without analytics it is refused, not partial', async () => {
    const response = await get('/api/exports/users/bob?format=json', bob);
    expect(response.status).toBe(503);
    expect((await json(response)).code).toBe('SERVICE_UNAVAILABLE');
    const { entries } = await gw
      .client(olga)
      .audit.list.query({ tenantId: acme, action: 'export.user' });
    expect(entries[0]).toMatchObject({
      outcome: 'failure',
      details: expect.objectContaining({ format: 'json', error: 'SERVICE_UNAVAILABLE' }),
    });
  });
});
