import { fakeAnalyticsService, scoredNight } from './testing';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AnalyticsRouter, createAnalyticsRouter } from './analytics.router';
import { AnalyticsRpcError } from './analytics-rpc.service';
import { createRpcFetch, type RpcFetch } from './rpc-fetch';
import type { AnalyticsRpcContext } from './trpc';

const subject = { tenantId: 'acme', userId: 'G-20250301093015-Qw8ErTy2UiOp4AsDfGh1' };
const callers: (string | undefined)[] = [];
/** While set, `score` waits for it: a call that is never answered. */
let held: Promise<void> | null = null;
let release = () => undefined as void;

const service = fakeAnalyticsService({
  score: async ({ sessionId }) => {
    if (sessionId === 'gone') throw new AnalyticsRpcError('NOT_FOUND', 'session does not exist');
    await held;
    return scoredNight(sessionId);
  },
  rules: async ({ tenantId }) => ({
    rules: {
      sleepDayRule: null,
      timezone: tenantId === 'acme' ? 'Asia/Seoul' : null,
      freeDays: null,
    },
  }),
});

describe('createRpcFetch: the tRPC client over a keep-alive pool, over real HTTP', () => {
  let app: FastifyInstance;
  let url: string;
  let transport: RpcFetch;

  beforeAll(async () => {
    app = Fastify();
    await app.register(fastifyTRPCPlugin, {
      prefix: '/rpc',
      trpcOptions: {
        router: createAnalyticsRouter(service),
        createContext: ({
          req,
        }: {
          req: { headers: Record<string, string | string[] | undefined> };
        }) => {
          const header = req.headers['x-caller'];
          const context: AnalyticsRpcContext = {
            caller: typeof header === 'string' ? header : undefined,
          };
          callers.push(context.caller);
          return context;
        },
      },
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    transport = createRpcFetch(url, { timeoutMs: 2_000 });
  });

  afterAll(async () => {
    await transport.close();
    await app.close();
  });

  beforeEach(() => {
    held = null;
    callers.length = 0;
  });

  it('answers queries, batched ones and the service errors as the global fetch does, headers included', async () => {
    const single = createTRPCClient<AnalyticsRouter>({
      links: [
        httpLink({ url: `${url}/rpc`, fetch: transport.fetch, headers: { 'x-caller': 'gateway' } }),
      ],
    });
    const batched = createTRPCClient<AnalyticsRouter>({
      links: [httpBatchLink({ url: `${url}/rpc`, fetch: transport.fetch })],
    });
    const score = await single.score.query({ ...subject, sessionId: 's1' });
    expect(score).toMatchObject({ sessionId: 's1', score: 81 });
    expect(callers).toEqual(['gateway']);
    const [a, b] = await Promise.all([
      batched.score.query({ ...subject, sessionId: 's2' }),
      batched.rules.query({ tenantId: 'acme' }),
    ]);
    expect(a.sessionId).toBe('s2');
    expect(b.rules.timezone).toBe('Asia/Seoul');
    const missing = await single.score
      .query({ ...subject, sessionId: 'gone' })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TRPCClientError);
    expect((missing as TRPCClientError<AnalyticsRouter>).data?.code).toBe('NOT_FOUND');
    const bad = await single.score.query({ ...subject, sessionId: '' }).catch((e: unknown) => e);
    expect((bad as TRPCClientError<AnalyticsRouter>).data?.code).toBe('BAD_REQUEST');
  });

  it('gives up on a call never answered (its timeout), and honours the caller abort signal', async () => {
    const client = createTRPCClient<AnalyticsRouter>({
      links: [httpLink({ url: `${url}/rpc`, fetch: transport.fetch })],
    });
    held = new Promise<void>((resolve) => (release = resolve));
    // Never answered: only the transport's own timeout can end the call.
    const late = await client.score.query({ ...subject, sessionId: 's3' }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(TRPCClientError);
    const controller = new AbortController();
    const pending = client.score
      .query({ ...subject, sessionId: 's4' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    release();
  });
});

describe('createRpcFetch: answers read whole or given up on', () => {
  /** Each request answered by `answer`; the server's URL. */
  let answer: (res: import('node:http').ServerResponse) => void = () => undefined;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((_req, res) => answer(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('decodes a character split between two chunks of the body', async () => {
    const body = Buffer.from(JSON.stringify({ zone: 'Asia/Seoul 서울' }));
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      // Cut inside the first Hangul character's three bytes.
      res.write(body.subarray(0, body.length - 5));
      setTimeout(() => res.end(body.subarray(body.length - 5)), 20);
    };
    const transport = createRpcFetch(url, { timeoutMs: 2_000 });
    const response = await transport.fetch(`${url}/rpc/rules`, { method: 'GET' });
    expect(await response.json()).toEqual({ zone: 'Asia/Seoul 서울' });
    await transport.close();
  });

  it('fails a call whose connection closes halfway through the answer', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
      res.write('{"result":', () => res.destroy());
    };
    const transport = createRpcFetch(url, { timeoutMs: 60_000 });
    await expect(transport.fetch(`${url}/rpc/rules`, { method: 'GET' })).rejects.toThrow();
    await transport.close();
  });

  it('gives up on an answer that stops halfway, within its timeout', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
      res.write('{"result":');
    };
    const transport = createRpcFetch(url, { timeoutMs: 300 });
    const started = Date.now();
    await expect(transport.fetch(`${url}/rpc/rules`, { method: 'GET' })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    await transport.close();
  });
});
