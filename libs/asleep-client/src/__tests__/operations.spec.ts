import { ROUTES } from '@sleep/asleep-sim';
import { failure, type SimFixture, startSimFixture } from './support/sim';

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('AsleepClient operations against the simulator', () => {
  let fx: SimFixture;
  beforeAll(async () => {
    fx = await startSimFixture();
  });
  afterAll(() => fx.stop());

  it('creates, reads, updates and deletes a user (U1-U4)', async () => {
    const client = fx.client();
    const metadata = {
      birth_year: 1992,
      birth_month: 2,
      birth_day: 29,
      gender: 'non_binary',
      height: 170.5,
      weight: 61,
    } as const;
    const { user_id } = await client.createUser({ metadata });
    expect(user_id).toMatch(/^G-\d{14}-\w{20}$/);
    expect(await client.createUser()).toEqual({ user_id: expect.stringMatching(/^G-/) });

    const user = await client.getUser(user_id);
    expect(user).toEqual({ user_id, to_be_deleted: false, last_session_info: null, metadata });

    const updated = await client.updateUser(user_id, { metadata: { gender: 'female' } });
    expect(updated.metadata).toMatchObject({ gender: 'female', birth_year: null });

    expect(await client.deleteUser(user_id)).toEqual({ alreadyDeleted: false });
    expect(await client.deleteUser(user_id)).toEqual({ alreadyDeleted: true });
    expect(await failure(client.getUser(user_id))).toMatchObject({
      kind: 'not_found',
      status: 404,
    });
  });

  it('reads a session rendered in the requested zone (S1 v3)', async () => {
    const client = fx.client();
    const { userId, nights } = fx.sim.createUserWithNights({ nights: 2 });
    const [night] = nights;

    const seoul = await client.getSession(userId, night.sessionId, { timezone: 'Asia/Seoul' });
    expect(seoul.timezone).toBe('Asia/Seoul');
    expect(seoul.session.id).toBe(night.sessionId);
    expect(seoul.session.start_time).toMatch(/\+09:00$/);
    expect(Date.parse(seoul.session.start_time)).toBe(Math.floor(night.startMs / 1000) * 1000);
    expect(seoul.session.sleep_stages).toEqual(night.sleepStages);

    const utc = await client.getSession(userId, night.sessionId);
    expect(utc.timezone).toBe('UTC');
    expect(utc.stat?.time_in_bed).toBe(seoul.stat?.time_in_bed);
    expect(fx.sim.requests.countOutcome(200, ROUTES.getSession)).toBeGreaterThanOrEqual(2);
  });

  it('lists one page with dates, order, offset and limit (S2)', async () => {
    const client = fx.client();
    const { userId, nights } = fx.sim.createUserWithNights({ nights: 7, timezone: 'UTC' });
    const ids = nights.map((night) => night.sessionId);

    const page = await client.listSessions(userId, {
      orderBy: 'ASC',
      offset: 2,
      limit: 3,
      timezone: 'UTC',
    });
    expect(page.timezone).toBe('UTC');
    expect(page.sleep_session_list.map((s) => s.session_id)).toEqual(ids.slice(2, 5));

    const newestFirst = await client.listSessions(userId);
    expect(newestFirst.sleep_session_list[0].session_id).toBe(ids[6]);

    const [from, to] = [utcDate(nights[1].startMs), utcDate(nights[3].startMs)];
    const window = await client.listSessions(userId, {
      dateGte: from,
      dateLte: to,
      orderBy: 'ASC',
      timezone: 'UTC',
    });
    const expected = nights
      .filter((n) => utcDate(n.startMs) >= from && utcDate(n.startMs) <= to)
      .map((n) => n.sessionId);
    expect(window.sleep_session_list.map((s) => s.session_id)).toEqual(expected);
  });

  it('deletes a session; deleting it again counts as done (S3)', async () => {
    const client = fx.client();
    const { userId, nights } = fx.sim.createUserWithNights({ nights: 1 });
    expect(await client.deleteSession(userId, nights[0].sessionId)).toEqual({
      alreadyDeleted: false,
    });
    expect(await client.deleteSession(userId, nights[0].sessionId)).toEqual({
      alreadyDeleted: true,
    });
    expect(await failure(client.getSession(userId, nights[0].sessionId))).toMatchObject({
      kind: 'not_found',
      detail: 'session does not exist',
    });
  });

  it('reads average stats over a window (A1)', async () => {
    const client = fx.client();
    const { userId, nights } = fx.sim.createUserWithNights({
      nights: 5,
      timezone: 'UTC',
      kind: 'normal',
    });
    const startDate = utcDate(nights[0].startMs);
    const endDate = utcDate(nights[4].startMs);
    const stats = await client.getAverageStats(userId, { startDate, endDate, timezone: 'UTC' });
    expect(stats.period).toMatchObject({
      timezone: 'UTC',
      start_date: startDate,
      end_date: endDate,
    });
    expect(stats.slept_sessions.map((s) => s.id)).toEqual(nights.map((n) => n.sessionId));
    expect(stats.average_stats?.time_in_bed).toBeGreaterThan(0);
  });

  it('iterates over more than 100 sessions page by page, stopping on the short page (S2 note)', async () => {
    const client = fx.client();
    const { userId, nights } = fx.sim.createUserWithNights({ nights: 230 });
    const before = fx.sim.requests.count(ROUTES.listSessions);

    const seen: string[] = [];
    for await (const session of client.iterateSessions(userId, { pageSize: 100 }))
      seen.push(session.session_id);

    expect(seen).toEqual(nights.map((night) => night.sessionId));
    expect(fx.sim.requests.count(ROUTES.listSessions) - before).toBe(3);
  });

  it('ends on an empty page when the total is a multiple of the page size', async () => {
    const client = fx.client();
    const { userId } = fx.sim.createUserWithNights({ nights: 100 });
    const before = fx.sim.requests.count(ROUTES.listSessions);
    let count = 0;
    for await (const _ of client.iterateSessions(userId, { pageSize: 50, orderBy: 'DESC' }))
      count++;
    expect(count).toBe(100);
    expect(fx.sim.requests.count(ROUTES.listSessions) - before).toBe(3);
  });
});
