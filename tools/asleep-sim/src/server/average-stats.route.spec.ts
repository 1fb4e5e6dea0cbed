import { AverageStatsResponseSchema } from '@sleep/contracts';
import { AsleepSim, startAsleepSim } from '../sim';
import { defined } from '../test/defined';
import { call } from '../test/http';

const stages = (epochs: number, asleepFrom: number, asleepTo: number) =>
  Array.from({ length: epochs }, (_, i) =>
    i < asleepFrom || i >= asleepTo ? 0 : [1, 1, 2, 1, 3][Math.floor(i / 7) % 5],
  );

describe('average stats (A1)', () => {
  let sim: AsleepSim;
  let userId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    sim = await startAsleepSim({ seed: 3 });
    userId = sim.state.addUser().userId;
    const add = (name: string, startIso: string, sleepStages: number[]) => {
      ids[name] = sim.state.addSession({
        userId,
        startMs: Date.parse(startIso),
        sleepStages,
        createdTimezone: 'Asia/Seoul',
      }).sessionId;
    };
    add('lateNight', '2025-03-10T14:00:00Z', stages(600, 30, 580)); // 23:00 in Seoul
    add('afterMidnight', '2025-03-11T16:00:00Z', stages(500, 12, 490)); // 01:00 in Seoul, dated 12 March
    add('neverSlept', '2025-03-12T13:00:00Z', stages(80, 80, 80));
    add('tooShort', '2025-03-13T13:00:00Z', stages(30, 5, 25));
    add('outside', '2025-03-20T13:00:00Z', stages(400, 10, 390));
  });
  afterAll(() => sim.stop());

  const averages = (query: string, timezone = 'Asia/Seoul', user = userId) =>
    call(sim, 'GET', `/data/v1/users/${user}/average-stats${query}`, { timezone });

  it('averages slept sessions and lists never-slept ones, bucketed by local start date', async () => {
    const { status, body } = await averages('?start_date=2025-03-10&end_date=2025-03-13');
    expect(status).toBe(200);
    const result = AverageStatsResponseSchema.parse(body).result;
    expect(body.detail).toBe('OK');
    expect(result.period).toEqual({
      timezone: 'Asia/Seoul',
      start_date: '2025-03-10',
      end_date: '2025-03-13',
    });
    expect(result.peculiarities).toEqual(['NO_BREATHING_STABILITY']);
    expect(result.slept_sessions.map((s) => s.id)).toEqual([ids.lateNight, ids.afterMidnight]);
    expect(result.never_slept_sessions).toEqual([
      {
        id: ids.neverSlept,
        start_time: '2025-03-12T22:00:00+09:00',
        end_time: '2025-03-12T22:40:00+09:00',
        completed_time: '2025-03-12T22:45:00+09:00',
      },
    ]);

    const stats = [ids.lateNight, ids.afterMidnight].map((id) =>
      defined(sim.sessionData(id, { timezone: 'Asia/Seoul' })?.stat),
    );
    expect(result.slept_sessions[0]).toMatchObject({
      created_timezone: 'Asia/Seoul',
      start_time: '2025-03-10T23:00:00+09:00',
      ...stats[0],
    });
    const average = defined(result.average_stats);
    expect(average.start_time).toBe('00:00:00');
    expect(average.time_in_sleep).toBe(
      Math.floor((stats[0].time_in_sleep + stats[1].time_in_sleep) / 2 + 0.5),
    );
    expect(average.sleep_efficiency).toBeCloseTo(
      (stats[0].sleep_efficiency + stats[1].sleep_efficiency) / 2,
      3,
    );
    expect(average.time_in_stable_breath).toBeNull();
    expect(Object.keys(body.result.average_stats).slice(0, 6)).toEqual([
      'start_time',
      'end_time',
      'sleep_time',
      'wake_time',
      'sleep_latency',
      'wakeup_latency',
    ]);
  });

  it('buckets by the requested zone: in UTC the 01:00 Seoul night falls on 11 March', async () => {
    const { body } = await averages('?start_date=2025-03-11&end_date=2025-03-11', 'UTC');
    expect(body.result.slept_sessions.map((s: { id: string }) => s.id)).toEqual([
      ids.afterMidnight,
    ]);
    expect(body.result.average_stats.start_time).toBe('16:00:00');
  });

  it('answers null averages for a window without slept sessions', async () => {
    const { body } = await averages('?start_date=2024-01-01&end_date=2024-01-31');
    expect(body.result).toMatchObject({
      average_stats: null,
      slept_sessions: [],
      never_slept_sessions: [],
    });
  });

  it('allows 100 days and rejects 101', async () => {
    expect((await averages('?start_date=2025-01-01&end_date=2025-04-10')).status).toBe(200);
    expect(await averages('?start_date=2025-01-01&end_date=2025-04-11')).toEqual({
      status: 400,
      body: { detail: 'The period should be less than or equal to 100 days' },
    });
  });

  it('answers the documented errors', async () => {
    expect(await averages('?start_date=2025-01-01&end_date=2025-01-02', 'UTC', 'G-ghost')).toEqual({
      status: 404,
      body: { detail: 'Unable to find the user of id G-ghost' },
    });
    const missing = await averages('?end_date=2025-01-02');
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual([
      { type: 'missing', loc: ['query', 'start_date'], msg: 'Field required', input: null },
    ]);
    expect(
      (await averages('?start_date=2025-01-01&end_date=2025-01-02', 'Nowhere/City')).status,
    ).toBe(400);
    expect((await averages('?start_date=2025-01-03&end_date=2025-01-02')).status).toBe(400);
  });
});
