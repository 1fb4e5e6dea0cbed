import { sampleGetSessionSeoul } from '@sleep/contracts/testing';
import type { TRPCError } from '@trpc/server';
import { createSessionRouter } from './session.router';
import { SessionRpcError, type SessionRpcService } from './session-rpc.port';

const calls: unknown[] = [];
const service: SessionRpcService = {
  async getSession(input) {
    calls.push(input);
    if (input.sessionId === 'missing')
      throw new SessionRpcError('NOT_FOUND', 'session does not exist');
    if (input.sessionId === 'boom') throw new Error('database on fire');
    return structuredClone(sampleGetSessionSeoul.result) as never;
  },
  async listSessions(input) {
    calls.push(input);
    return { timezone: input.timezone, sleep_session_list: [] };
  },
  async deleteSession() {
    throw new SessionRpcError('SERVICE_UNAVAILABLE', 'Asleep deleteSession failed: 503');
  },
  async getUser() {
    throw new SessionRpcError('NOT_FOUND', 'user does not exist');
  },
  async streamCompleted() {
    return { nights: [], next: null };
  },
};

const rpc = createSessionRouter({ service }).createCaller({});
const scope = { tenantId: 'acme', asleepUserId: 'G-20250301093015-Qw8ErTy2UiOp4AsDfGh1' };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: TRPCError) => ({ code: error.code, message: error.message }),
  );

describe('session router', () => {
  beforeEach(() => (calls.length = 0));

  it('validates input and applies Asleep\u2019s defaults before the service sees it', async () => {
    await rpc.getSession({ ...scope, sessionId: 's' });
    await rpc.listSessions(scope);
    expect(calls).toEqual([
      { ...scope, sessionId: 's', timezone: 'UTC' },
      { ...scope, timezone: 'UTC', order_by: 'DESC', offset: 0, limit: 20 },
    ]);
  });

  it('rejects bad input with BAD_REQUEST without calling the service', async () => {
    expect((await failure(rpc.listSessions({ ...scope, limit: 500 })))?.code).toBe('BAD_REQUEST');
    expect(
      (await failure(rpc.getSession({ ...scope, sessionId: 's', timezone: 'Mars/Olympus' })))?.code,
    ).toBe('BAD_REQUEST');
    expect((await failure(rpc.getUser({ ...scope, tenantId: 'Not A Slug' })))?.code).toBe(
      'BAD_REQUEST',
    );
    expect(calls).toEqual([]);
  });

  it('passes the service\u2019s error codes through and hides anything else as INTERNAL_SERVER_ERROR', async () => {
    expect(await failure(rpc.getSession({ ...scope, sessionId: 'missing' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'session does not exist',
    });
    expect(await failure(rpc.deleteSession({ ...scope, sessionId: 's' }))).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    expect((await failure(rpc.getSession({ ...scope, sessionId: 'boom' })))?.code).toBe(
      'INTERNAL_SERVER_ERROR',
    );
  });

  it('returns the service\u2019s answer as is', async () => {
    expect(await rpc.getSession({ ...scope, sessionId: 's', timezone: 'Asia/Seoul' })).toEqual(
      sampleGetSessionSeoul.result,
    );
  });
});
