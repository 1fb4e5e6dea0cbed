import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatGatewayError } from '@sleep/gateway-api';
import type { ServiceTokenSigner } from '@sleep/service-kit';
import { TRPCClientError } from '@trpc/client';
import type { TRPCError } from '@trpc/server';
import { MAX_CALLS_PER_REQUEST, SessionRpcStore } from './session-rpc.client';

const user = (asleepUserId: string) => ({
  user_id: asleepUserId,
  tenant_id: 'tenant-1',
  metadata: null,
  first_seen_at: '2025-03-10T00:00:00.000Z',
  last_seen_at: '2025-03-10T00:00:00.000Z',
  session_count: 0,
});

const shape = {
  message: 'Sessions are unavailable; try again later',
  code: -32_603,
  data: { code: 'SERVICE_UNAVAILABLE' as const, httpStatus: 503 },
};

describe('SessionRpcStore', () => {
  let server: Server;
  let baseUrl: string;
  const callsPerRequest: number[] = [];

  beforeAll(async () => {
    // Answers each batched getUser with the user it asked for, and notes how many a request held.
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const inputs = JSON.parse(url.searchParams.get('input') ?? '{}') as Record<
        string,
        { asleepUserId: string }
      >;
      const calls = Object.values(inputs);
      callsPerRequest.push(calls.length);
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify(calls.map((input) => ({ result: { data: user(input.asleepUserId) } }))),
      );
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

  it('sends a burst of calls in requests of at most MAX_CALLS_PER_REQUEST, each answered', async () => {
    const tokens = { headers: () => ({}) } as unknown as ServiceTokenSigner;
    const store = new SessionRpcStore(baseUrl, tokens);
    const ids = Array.from({ length: 25 }, (_, i) => `user-${i}`);
    const users = await Promise.all(
      ids.map((asleepUserId) => store.user({ tenantId: 'tenant-1', asleepUserId })),
    );
    expect(users.map((found) => found?.user_id)).toEqual(ids);
    expect(callsPerRequest.reduce((sum, n) => sum + n, 0)).toBe(25);
    expect(Math.max(...callsPerRequest)).toBeLessThanOrEqual(MAX_CALLS_PER_REQUEST);
  });

  it('answers "Sessions are unavailable" to the client and keeps why for the logs', async () => {
    const tokens = { headers: () => ({}) } as unknown as ServiceTokenSigner;
    // Nobody listens on port 9 of this host.
    const store = new SessionRpcStore('http://127.0.0.1:9', tokens);
    const error = await store
      .get({ tenantId: 'tenant-1', asleepUserId: 'u', sessionId: 's', timezone: 'UTC' })
      .then(
        () => undefined,
        (caught: unknown) => caught as TRPCError,
      );
    if (!error) throw new Error('an unreachable store must not answer');
    expect(error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'Sessions are unavailable; try again later',
      cause: { retryAfterMs: 2_000 },
    });
    expect(error.cause?.cause).toBeInstanceOf(TRPCClientError);
    expect(formatGatewayError({ shape, error }).message).toBe(
      'Sessions are unavailable; try again later',
    );
    expect(JSON.stringify(formatGatewayError({ shape, error }))).not.toContain('fetch failed');
  });
});
