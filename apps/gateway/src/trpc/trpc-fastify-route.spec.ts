import { initTRPC, TRPCError } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { registerTrpcRoute } from './trpc-fastify-route';

const t = initTRPC.context<{ user: string | null }>().create({ isDev: false });
const router = t.router({
  hello: t.procedure
    .input(z.object({ name: z.string() }))
    .query(({ input, ctx }) => ({ greeting: `hi ${input.name}`, user: ctx.user })),
  nothing: t.procedure.query(() => null),
  missing: t.procedure.query(() => {
    throw new TRPCError({ code: 'NOT_FOUND', message: 'no such thing' });
  }),
  broken: t.procedure.query(() => {
    throw new Error('db at 10.0.0.5 is down');
  }),
  save: t.procedure.input(z.object({ n: z.int() })).mutation(({ input }) => ({ saved: input.n })),
});
const createContext = ({ req }: { req: { headers: Record<string, unknown> } }) => ({
  user: (req.headers['x-user'] as string) ?? null,
});
const responseMeta = ({ errors }: { errors: TRPCError[] }) =>
  errors.length ? { headers: { 'x-errors': String(errors.length) } } : {};

const batch = (inputs: unknown[]) =>
  encodeURIComponent(JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input]))));
const REQUESTS: { name: string; method?: string; url: string; body?: string }[] = [
  { name: 'single query', url: `/trpc/hello?input=${encodeURIComponent('{"name":"ada"}')}` },
  { name: 'batch of one', url: `/trpc/hello?batch=1&input=${batch([{ name: 'ada' }])}` },
  { name: 'null result', url: `/trpc/nothing?batch=1&input=${batch([undefined])}` },
  {
    name: 'mixed batch',
    url: `/trpc/hello,missing,nothing?batch=1&input=${batch([{ name: 'bo' }, undefined, undefined])}`,
  },
  {
    name: 'all failing batch',
    url: `/trpc/missing,broken?batch=1&input=${batch([undefined, undefined])}`,
  },
  { name: 'invalid input', url: `/trpc/hello?batch=1&input=${batch([{ name: 3 }])}` },
  { name: 'malformed input', url: '/trpc/hello?batch=1&input=%7Bnope' },
  { name: 'unknown procedure', url: `/trpc/nope?batch=1&input=${batch([{}])}` },
  { name: 'mutation over GET', url: `/trpc/save?batch=1&input=${batch([{ n: 1 }])}` },
  {
    name: 'mutation',
    method: 'POST',
    url: '/trpc/save?batch=1',
    body: JSON.stringify({ 0: { n: 2 } }),
  },
];

describe('the gateway’s tRPC route answers exactly as tRPC’s own Fastify plugin', () => {
  let official: FastifyInstance;
  let ours: FastifyInstance;
  beforeAll(async () => {
    official = Fastify();
    await official.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: { router, createContext, responseMeta },
    });
    ours = Fastify();
    await registerTrpcRoute(ours, { prefix: '/trpc', router, createContext, responseMeta });
    await Promise.all([official.ready(), ours.ready()]);
  });
  afterAll(() => Promise.all([official.close(), ours.close()]));

  it.each(REQUESTS)('$name', async ({ method = 'GET', url, body }) => {
    const request = {
      method: method as 'GET' | 'POST',
      url,
      payload: body,
      headers: { 'x-user': 'u1', ...(body ? { 'content-type': 'application/json' } : {}) },
    };
    const [expected, actual] = await Promise.all([official.inject(request), ours.inject(request)]);
    expect(actual.statusCode).toBe(expected.statusCode);
    expect(JSON.parse(actual.body)).toEqual(JSON.parse(expected.body));
    for (const header of ['content-type', 'x-errors', 'vary'])
      expect(actual.headers[header]).toEqual(expected.headers[header]);
  });
});
