import { AsleepUserSchema, GetUserResponseSchema } from '@sleep/contracts';
import { sampleCreateUserRequest } from '@sleep/contracts/testing';
import { AsleepSim, startAsleepSim } from '../sim';
import { call } from '../test/http';

describe('user APIs (U1-U4)', () => {
  let sim: AsleepSim;
  beforeAll(async () => {
    sim = await startAsleepSim({ apiKeys: ['live-key', 'test-key'], seed: 5 });
  });
  afterAll(() => sim.stop());

  it('creates a user with an Asleep-shaped id, with or without a body', async () => {
    const withMetadata = await call(sim, 'POST', '/ai/v1/users', { body: sampleCreateUserRequest });
    const bare = await call(sim, 'POST', '/ai/v1/users');
    for (const created of [withMetadata, bare]) {
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        detail: 'success',
        result: { user_id: expect.stringMatching(/^G-\d{14}-[A-Za-z0-9]{20}$/) },
      });
    }
    expect(withMetadata.body.result.user_id).not.toBe(bare.body.result.user_id);
    const fetched = await call(sim, 'GET', `/ai/v1/users/${withMetadata.body.result.user_id}`);
    expect(fetched.body.result.metadata).toEqual(sampleCreateUserRequest.metadata);
  });

  it('gets a user with to_be_deleted and the last session in UTC without offset', async () => {
    const { userId, nights } = sim.createUserWithNights({ nights: 3, kind: 'normal' });
    const { status, body } = await call(sim, 'GET', `/ai/v1/users/${userId}`);
    expect(status).toBe(200);
    expect(GetUserResponseSchema.parse(body).result).toEqual(AsleepUserSchema.parse(body.result));
    const last = nights[2];
    expect(body).toEqual({
      detail: 'success',
      result: {
        user_id: userId,
        to_be_deleted: false,
        last_session_info: {
          session_id: last.sessionId,
          inference_type: 'MELSPECTROGRAM',
          service: 'NOSERVICE',
          start_time: new Date(last.startMs).toISOString().slice(0, 19),
          end_time: new Date(Math.floor(last.endMs / 1000) * 1000).toISOString().slice(0, 19),
          state: 'COMPLETE',
          complete_time: new Date(last.completeMs).toISOString().slice(0, 19),
        },
        metadata: null,
      },
    });
  });

  it('replaces metadata on update and requires it', async () => {
    const { userId } = sim.createUserWithNights({
      nights: 0,
      metadata: { birth_year: 1990, gender: 'female' },
    });
    const updated = await call(sim, 'PUT', `/ai/v1/users/${userId}`, {
      body: { metadata: { height: 170.5 } },
    });
    expect(updated.status).toBe(200);
    const metadata = {
      birth_year: null,
      birth_month: null,
      birth_day: null,
      gender: null,
      height: 170.5,
      weight: null,
    };
    expect(updated.body).toEqual({ detail: 'success', result: { user_id: userId, metadata } });
    expect((await call(sim, 'GET', `/ai/v1/users/${userId}`)).body.result.metadata).toEqual(
      metadata,
    );

    const missing = await call(sim, 'PUT', `/ai/v1/users/${userId}`, { body: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual([
      { type: 'missing', loc: ['body', 'metadata'], msg: 'Field required', input: null },
    ]);
    const cleared = await call(sim, 'PUT', `/ai/v1/users/${userId}`, { body: { metadata: null } });
    expect(cleared.body.result.metadata).toBeNull();
  });

  it('answers 422 with a FastAPI-style detail list for out-of-range metadata', async () => {
    const bad = {
      metadata: { birth_year: 1800, birth_month: 13, height: 301, weight: 62.15, gender: 'robot' },
    };
    const { status, body } = await call(sim, 'POST', '/ai/v1/users', { body: bad });
    expect(status).toBe(422);
    const locs = body.detail.map((issue: { loc: string[] }) => issue.loc.join('.'));
    expect(locs).toEqual(
      expect.arrayContaining([
        'body.metadata.birth_year',
        'body.metadata.birth_month',
        'body.metadata.height',
        'body.metadata.weight',
        'body.metadata.gender',
      ]),
    );
    expect(body.detail).toContainEqual(
      expect.objectContaining({
        type: 'less_than_equal',
        loc: ['body', 'metadata', 'height'],
        msg: 'Input should be less than or equal to 300',
      }),
    );
    const broken = await fetch(`${sim.url}/ai/v1/users`, {
      method: 'POST',
      headers: { 'x-api-key': 'live-key', 'content-type': 'application/json' },
      body: '{"metadata":',
    });
    expect(broken.status).toBe(422);
  });

  it('deletes a user with their sessions: 204, then 404', async () => {
    const { userId, nights } = sim.createUserWithNights({ nights: 1 });
    const first = await call(sim, 'DELETE', `/ai/v1/users/${userId}`);
    expect(first.status).toBe(204);
    expect(first.body).toBeUndefined();
    expect(sim.state.getSession(nights[0].sessionId)).toBeUndefined();
    expect(await call(sim, 'DELETE', `/ai/v1/users/${userId}`)).toEqual({
      status: 404,
      body: { detail: 'user does not exist' },
    });
    expect(await call(sim, 'GET', `/ai/v1/users/${userId}`)).toEqual({
      status: 404,
      body: { detail: 'user does not exist' },
    });
    expect(await call(sim, 'PUT', `/ai/v1/users/${userId}`, { body: { metadata: null } })).toEqual({
      status: 404,
      body: { detail: 'user not exist' },
    });
  });

  it('needs a configured key, and scopes data per key like Live and Test', async () => {
    expect(await call(sim, 'POST', '/ai/v1/users', { key: null })).toEqual({
      status: 401,
      body: { detail: 'Unauthorized' },
    });
    expect(await call(sim, 'POST', '/ai/v1/users', { key: 'nope' })).toEqual({
      status: 401,
      body: { detail: 'Unauthorized' },
    });
    const { body } = await call(sim, 'POST', '/ai/v1/users', { key: 'test-key' });
    const userId = body.result.user_id;
    expect((await call(sim, 'GET', `/ai/v1/users/${userId}`, { key: 'test-key' })).status).toBe(
      200,
    );
    expect((await call(sim, 'GET', `/ai/v1/users/${userId}`, { key: 'live-key' })).status).toBe(
      404,
    );
  });

  it('answers unknown routes 404 and wrong methods 405, key or not', async () => {
    expect(await call(sim, 'GET', '/ai/v1/nothing', { key: null })).toEqual({
      status: 404,
      body: { detail: 'Not Found' },
    });
    expect(await call(sim, 'PATCH', '/ai/v1/users/G-x', { key: null })).toEqual({
      status: 405,
      body: { detail: 'Method Not Allowed' },
    });
  });
});
