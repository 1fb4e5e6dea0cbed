import { initTRPC } from '@trpc/server';
import { type GetQueriesRequest, parseGetQueries } from './get-queries';

const t = initTRPC.create();
const router = t.router({
  a: t.procedure.query(() => 1),
  b: t.procedure.query(() => 2),
  write: t.procedure.mutation(() => 3),
  live: t.procedure.subscription(async function* () {
    yield 4;
  }),
});

const get = (path: string, query: Record<string, string>, headers = {}): GetQueriesRequest => ({
  method: 'GET',
  headers,
  query,
  params: { path },
});

describe('parseGetQueries (the GET query decoding both tRPC routes share)', () => {
  it('decodes one call and its input', () => {
    expect(parseGetQueries(get('a', { input: '{"x":1}' }), router, 50)).toEqual({
      isBatchCall: false,
      paths: ['a'],
      inputs: [{ x: 1 }],
    });
    expect(parseGetQueries(get('a', {}), router, 50)).toEqual({
      isBatchCall: false,
      paths: ['a'],
      inputs: [undefined],
    });
  });

  it('decodes a batch: comma-separated paths, inputs by index, a missing one undefined', () => {
    expect(
      parseGetQueries(get('a,b,a', { batch: '1', input: '{"0":"x","2":3}' }), router, 50),
    ).toEqual({ isBatchCall: true, paths: ['a', 'b', 'a'], inputs: ['x', undefined, 3] });
    expect(parseGetQueries(get('a,b', { batch: '1' }), router, 50)).toEqual({
      isBatchCall: true,
      paths: ['a', 'b'],
      inputs: [undefined, undefined],
    });
  });

  it.each([
    ['a POST', { ...get('a', {}), method: 'POST' }],
    ['a streamed call', get('a', {}, { 'trpc-accept': 'application/jsonl' })],
    ['a batch over the limit', get('a,b,a', { batch: '1' })],
    ['a mutation', get('write', {})],
    ['a subscription', get('live', {})],
    ['an unknown path', get('nope', {})],
    ['a batch holding a mutation', get('a,write', { batch: '1' })],
    ['input that is not JSON', get('a', { input: '{x' })],
  ])('leaves %s to resolveResponse (null)', (_, request) => {
    expect(parseGetQueries(request, router, 2)).toBeNull();
  });
});
