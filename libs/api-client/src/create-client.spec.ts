import { createClient } from './create-client';
import { gatewayErrorInfo } from './errors';

type Call = { url: string; headers: Headers };

function fakeFetch(answer: (call: Call) => { status: number; body: unknown }) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const call = { url: String(input), headers: new Headers(init?.headers) };
    calls.push(call);
    const { status, body } = answer(call);
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('createClient', () => {
  it('batches the calls of one tick into one request with a fresh token', async () => {
    let token = 'first';
    const { calls, fetchImpl } = fakeFetch(() => ({
      status: 200,
      body: [{ result: { data: { appUserId: 'a' } } }, { result: { data: { id: 't' } } }],
    }));
    const client = createClient({
      url: 'https://api.example.com/',
      getToken: () => token,
      fetch: fetchImpl,
    });
    const [me, tenant] = await Promise.all([client.me.query(), client.tenant.get.query()]);
    expect([me, tenant]).toEqual([{ appUserId: 'a' }, { id: 't' }]);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toMatch(/^https:\/\/api\.example\.com\/trpc\/me,tenant\.get\?batch=1/);
    expect(calls[0].headers.get('authorization')).toBe('Bearer first');
    token = 'second';
    await client.me.query().catch(() => undefined);
    expect(calls[1].headers.get('authorization')).toBe('Bearer second');
  });

  it('sends no Authorization header without a token', async () => {
    const { calls, fetchImpl } = fakeFetch(() => ({
      status: 200,
      body: [{ result: { data: null } }],
    }));
    await createClient({ url: 'http://gw', getToken: () => null, fetch: fetchImpl })
      .me.query()
      .catch(() => undefined);
    expect(calls[0].headers.has('authorization')).toBe(false);
  });

  it('turns a gateway error into code, fields and retry hint', async () => {
    const error = {
      message: 'Invalid input: endDate',
      code: -32600,
      data: {
        code: 'BAD_REQUEST',
        httpStatus: 400,
        issues: [{ path: 'endDate', message: 'too long' }],
      },
    };
    const { fetchImpl } = fakeFetch(() => ({ status: 400, body: [{ error }] }));
    const client = createClient({ url: 'http://gw', getToken: () => 't', fetch: fetchImpl });
    const failure = await client.stats.average
      .query({ startDate: '2025-01-01', endDate: '2025-12-31' })
      .catch(gatewayErrorInfo);
    expect(failure).toEqual({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      message: 'Invalid input: endDate',
      issues: [{ path: 'endDate', message: 'too long' }],
      retryAfterMs: null,
    });
    expect(gatewayErrorInfo(new Error('network'))).toBeNull();
  });
});
