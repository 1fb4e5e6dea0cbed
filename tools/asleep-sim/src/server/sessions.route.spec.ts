import { ListSessionsResponseSchema } from '@sleep/contracts';
import { sampleGetSessionSeoul, sampleSessionComplete } from '@sleep/contracts/testing';
import { AsleepSim, startAsleepSim } from '../sim';
import { call } from '../test/http';

const night = (userId: string, startIso: string, epochs = 60) => ({
  userId,
  startMs: Date.parse(startIso),
  sleepStages: Array.from({ length: epochs }, (_, i) =>
    i < 10 || i >= epochs - 4 ? 0 : 1 + (i % 3),
  ),
});

describe('session APIs (S1-S3)', () => {
  let sim: AsleepSim;
  const { user_id: sampleUser } = sampleSessionComplete.data;
  const sampleSession = sampleSessionComplete.data.session.id;
  beforeAll(async () => {
    sim = await startAsleepSim({ seed: 11 });
    sim.state.addSession(sampleSessionComplete.data);
  });
  afterAll(() => sim.stop());

  it('renders the contract sample in Asia/Seoul exactly as 9.3, and in UTC as 9.2', async () => {
    const seoul = await call(sim, 'GET', `/data/v3/sessions/${sampleSession}`, {
      userId: sampleUser,
      timezone: 'Asia/Seoul',
    });
    expect(seoul).toEqual({ status: 200, body: sampleGetSessionSeoul });
    const utc = await call(sim, 'GET', `/data/v3/sessions/${sampleSession}`, {
      userId: sampleUser,
    });
    const { user_id: _user, ...sleepData } = sampleSessionComplete.data;
    expect(utc.body).toEqual({ detail: 'OK', result: sleepData });
  });

  it('answers the documented S1 errors', async () => {
    const path = `/data/v3/sessions/${sampleSession}`;
    expect(await call(sim, 'GET', path)).toEqual({
      status: 401,
      body: { detail: 'invalid user id' },
    });
    expect(await call(sim, 'GET', path, { userId: sampleUser, timezone: 'Mars/Olympus' })).toEqual({
      status: 400,
      body: { detail: 'The invalid timezone is provided' },
    });
    expect(
      await call(sim, 'GET', '/data/v3/sessions/20250101000000_zzzzz', { userId: sampleUser }),
    ).toEqual({
      status: 404,
      body: { detail: 'session does not exist' },
    });
    const other = sim.state.addUser().userId;
    expect((await call(sim, 'GET', path, { userId: other })).body).toEqual({
      detail: 'session does not exist',
    });
    expect(await call(sim, 'GET', path, { userId: 'G-nobody' })).toEqual({
      status: 404,
      body: { detail: 'user does not exist' },
    });
    expect((await call(sim, 'GET', path, { userId: sampleUser, key: 'other' })).status).toBe(401);
  });

  it('shows an OPEN session without end, stat or full stages, with IN_PROGRESS', async () => {
    const { userId } = sim.state.addUser();
    const open = sim.state.addSession(night(userId, '2025-03-01T13:00:00Z'), {
      state: 'OPEN',
      revealedEpochs: 20,
    });
    const { body } = await call(sim, 'GET', `/data/v3/sessions/${open.sessionId}`, { userId });
    expect(body.result.peculiarities).toEqual(['IN_PROGRESS', 'NO_BREATHING_STABILITY']);
    expect(body.result.session).toMatchObject({ state: 'OPEN', end_time: null });
    expect(body.result.session.sleep_stages).toHaveLength(20);
    expect(body.result.stat).toBeNull();
    const list = await call(sim, 'GET', '/data/v1/sessions', { userId });
    expect(list.body.result.sleep_session_list[0]).toMatchObject({
      state: 'OPEN',
      session_end_time: null,
      last_received_seq_num: 19,
      time_in_bed: null,
    });
  });

  describe('list sessions', () => {
    let userId: string;
    const starts = [
      '2025-03-09T14:30:00Z',
      '2025-03-10T14:30:00Z',
      '2025-03-10T15:30:00Z',
      '2025-03-11T16:00:00Z',
      '2025-03-12T14:00:00Z',
    ];
    beforeAll(() => {
      userId = sim.state.addUser().userId;
      starts.forEach((start) => sim.state.addSession(night(userId, start)));
    });
    const list = async (query: string, timezone?: string) =>
      call(sim, 'GET', `/data/v1/sessions${query}`, { userId, timezone });
    const startsOf = (body: {
      result: { sleep_session_list: Array<{ session_start_time: string }> };
    }) => body.result.sleep_session_list.map((item) => item.session_start_time);

    it('lists newest first by default, in the S2 item shape', async () => {
      const { status, body } = await list('');
      expect(status).toBe(200);
      expect(ListSessionsResponseSchema.parse(body)).toBeTruthy();
      expect(body.result.timezone).toBe('UTC');
      expect(startsOf(body)).toEqual(
        [...starts].reverse().map((iso) => iso.replace('Z', '+00:00')),
      );
      expect(body.result.sleep_session_list[0]).toEqual({
        session_id: expect.stringMatching(/^20250312140000_[a-z0-9]{5}$/),
        state: 'COMPLETE',
        session_start_time: '2025-03-12T14:00:00+00:00',
        session_end_time: '2025-03-12T14:30:00+00:00',
        created_timezone: 'UTC',
        unexpected_end_time: null,
        last_received_seq_num: 59,
        time_in_bed: 1800,
      });
    });

    it('pages with offset and limit, ASC and DESC', async () => {
      expect(startsOf((await list('?order_by=ASC&offset=1&limit=2')).body)).toEqual(
        [starts[1], starts[2]].map((s) => s.replace('Z', '+00:00')),
      );
      expect(startsOf((await list('?order_by=DESC&offset=4&limit=2')).body)).toHaveLength(1);
      expect(startsOf((await list('?limit=0')).body)).toEqual([]);
      expect(startsOf((await list('?offset=9')).body)).toEqual([]);
    });

    it('filters by start date as seen in the header zone', async () => {
      // 2025-03-10T15:30Z is 00:30 on 11 March in Seoul.
      const utc = await list('?date_gte=2025-03-10&date_lte=2025-03-10&order_by=ASC');
      expect(startsOf(utc.body)).toEqual([
        '2025-03-10T14:30:00+00:00',
        '2025-03-10T15:30:00+00:00',
      ]);
      const seoul = await list(
        '?date_gte=2025-03-11&date_lte=2025-03-11&order_by=ASC',
        'Asia/Seoul',
      );
      expect(seoul.body.result.timezone).toBe('Asia/Seoul');
      expect(startsOf(seoul.body)).toEqual(['2025-03-11T00:30:00+09:00']);
      const losAngeles = await list(
        '?date_gte=2025-03-10&date_lte=2025-03-10',
        'America/Los_Angeles',
      );
      expect(startsOf(losAngeles.body)).toEqual([
        '2025-03-10T08:30:00-07:00',
        '2025-03-10T07:30:00-07:00',
      ]);
    });

    it('rejects a bad zone (400) and bad query values (422)', async () => {
      expect(await list('', 'Not/AZone')).toEqual({
        status: 400,
        body: { detail: 'The invalid timezone is provided' },
      });
      const bad = await list('?limit=101&order_by=UP&offset=-1&date_gte=2025-02-30');
      expect(bad.status).toBe(422);
      expect(bad.body.detail.map((issue: { loc: string[] }) => issue.loc[1]).sort()).toEqual([
        'date_gte',
        'limit',
        'offset',
        'order_by',
      ]);
      expect((await call(sim, 'GET', '/data/v1/sessions')).body).toEqual({
        detail: 'invalid user id',
      });
      expect((await call(sim, 'GET', '/data/v1/sessions', { userId: 'G-ghost' })).body).toEqual({
        detail: 'user does not exist',
      });
    });
  });

  it('deletes a session: 204, then 404', async () => {
    const { userId } = sim.state.addUser();
    const { sessionId } = sim.state.addSession(night(userId, '2025-04-01T12:00:00Z'));
    const path = `/ai/v1/sessions/${sessionId}`;
    expect(await call(sim, 'DELETE', path)).toEqual({
      status: 401,
      body: { detail: 'x-user-id is invalid' },
    });
    expect(await call(sim, 'DELETE', path, { userId })).toEqual({ status: 204, body: undefined });
    expect(await call(sim, 'DELETE', path, { userId })).toEqual({
      status: 404,
      body: { detail: 'session does not exist' },
    });
    expect(await call(sim, 'DELETE', path, { userId: 'G-ghost' })).toEqual({
      status: 404,
      body: { detail: 'user does not exist' },
    });
    expect(sim.state.sessionsOf(userId)).toHaveLength(0);
  });
});
