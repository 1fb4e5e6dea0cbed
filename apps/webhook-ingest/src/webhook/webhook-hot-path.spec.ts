import type { FastifyInstance } from 'fastify';
import { sampleSessionComplete, sampleUserId } from '@sleep/contracts/testing';
import { KEY_ACME, startIngest, type IngestFixture } from '../testing/ingest-fixture';

jest.setTimeout(60_000);

/** What each webhook is spared, checked on the app as production builds it, against the real broker. */
describe('the webhook hot path', () => {
  let ingest: IngestFixture;

  beforeAll(async () => {
    ingest = await startIngest();
  });
  afterAll(() => ingest?.close());

  it('runs through no Nest middleware: the service mounts none, so middie passes every request straight on', async () => {
    const fastify = ingest.app.getHttpAdapter().getInstance() as FastifyInstance;
    const hasMiddlewares = Object.getOwnPropertySymbols(fastify).find(
      (symbol) => symbol.description === 'fastify-middie-has-middlewares',
    );
    // Undefined (no such flag) fails as surely as true.
    expect(hasMiddlewares && (fastify as unknown as Record<symbol, boolean>)[hasMiddlewares]).toBe(
      false,
    );

    const response = await ingest.post(JSON.stringify(sampleSessionComplete), {
      'content-type': 'application/json',
      'x-api-key': KEY_ACME,
      'x-user-id': sampleUserId,
    });
    expect(response.status).toBe(200);
    expect((await ingest.get('/v1/elsewhere')).status).toBe(404);
    // The webhook's own line is the only one: no request logger wrote about either request.
    expect(ingest.logs.filter((line) => 'req' in line || 'res' in line)).toEqual([]);
    expect(ingest.logs.filter((line) => line['msg'] === 'webhook')).toHaveLength(1);
  });

  it("writes each attempt's line without the logger's redaction pass: its fields are never secret", async () => {
    // A logger told to redact `user`, a field every line has: the service's own paths never match it.
    const redacting = await startIngest({ redact: ['user'] });
    try {
      const response = await redacting.post(JSON.stringify(sampleSessionComplete), {
        'content-type': 'application/json',
        'x-api-key': KEY_ACME,
        'x-user-id': sampleUserId,
      });
      expect(response.status).toBe(200);
      const line = redacting.logs.find((entry) => entry['msg'] === 'webhook');
      expect(line).toMatchObject({ user: sampleUserId, outcome: 'accepted' });
    } finally {
      await redacting.close();
    }
  });
});
