import {
  AsleepErrorSchema,
  AverageStatsQuerySchema,
  AverageStatsResponseSchema,
  ListSessionsQuerySchema,
  ListSessionsResponseSchema,
  asleepErrorMessage,
  isAsleepRateLimit,
} from '..';
import {
  sampleAverageStatsResponse,
  sampleInvalidTimezoneError,
  sampleListSessionsResponse,
} from '../fixtures';
import { issuePaths, variant } from './helpers';

describe('list sessions (Asleep contract S2)', () => {
  it('parses the sample', () => {
    expect(ListSessionsResponseSchema.parse(sampleListSessionsResponse)).toEqual(
      sampleListSessionsResponse,
    );
  });

  it('reads an OPEN item with missing optional fields', () => {
    const item = {
      session_id: 's1',
      state: 'OPEN',
      session_start_time: '2025-01-14T18:25:18+00:00',
    };
    const { result } = ListSessionsResponseSchema.parse({ result: { sleep_session_list: [item] } });
    expect(result.timezone).toBe('UTC');
    expect(result.sleep_session_list[0]).toMatchObject({
      session_end_time: null,
      time_in_bed: null,
    });
  });

  it('rejects a bad item at its path', () => {
    const body = variant(
      sampleListSessionsResponse,
      'result.sleep_session_list.0.session_start_time',
      'now',
    );
    expect(issuePaths(ListSessionsResponseSchema.safeParse(body))).toEqual([
      'result.sleep_session_list.0.session_start_time',
    ]);
  });

  it.each<[object, string]>([
    [{ date_gte: '2025-02-30' }, 'date_gte'],
    [{ date_lte: '2025/01/01' }, 'date_lte'],
    [{ date_gte: '2025-01-02', date_lte: '2025-01-01' }, 'date_lte'],
    [{ order_by: 'desc' }, 'order_by'],
    [{ offset: -1 }, 'offset'],
    [{ limit: 101 }, 'limit'],
    [{ limit: 2.5 }, 'limit'],
  ])('query rejects %j', (query, path) => {
    expect(issuePaths(ListSessionsQuerySchema.safeParse(query))).toEqual([path]);
  });

  it('query accepts the documented ranges', () => {
    const query = {
      date_gte: '2025-01-01',
      date_lte: '2025-01-01',
      order_by: 'ASC',
      offset: 0,
      limit: 100,
    };
    expect(ListSessionsQuerySchema.parse(query)).toEqual(query);
    expect(ListSessionsQuerySchema.parse({ limit: 0 })).toEqual({ limit: 0 });
  });
});

describe('average stats (Asleep contract A1)', () => {
  it('parses the sample, keeping fields past the truncation', () => {
    const { result } = AverageStatsResponseSchema.parse(sampleAverageStatsResponse);
    expect(result.average_stats).toMatchObject({
      sleep_time: '03:10:30',
      light_ratio: 0.443,
      deep_ratio: null,
    });
    expect(result.average_stats).toHaveProperty(['...'], '(truncated in stored doc)');
    expect(result.slept_sessions[0]?.sleep_index).toBe(71);
    expect(result.never_slept_sessions).toHaveLength(1);
  });

  it.each<[string, unknown]>([
    ['result.average_stats.start_time', '2025-01-01T02:54:01+00:00'],
    ['result.average_stats.sleep_latency', '990'],
    ['result.average_stats.sleep_efficiency', Number.NaN],
    ['result.period.start_date', '2025-01-32'],
    ['result.slept_sessions.0.id', ''],
    ['result.never_slept_sessions.0.start_time', '...'],
  ])('rejects a bad %s', (path, value) => {
    expect(
      issuePaths(
        AverageStatsResponseSchema.safeParse(variant(sampleAverageStatsResponse, path, value)),
      ),
    ).toEqual([path]);
  });

  it('query allows at most 100 days, counting both ends', () => {
    expect(
      AverageStatsQuerySchema.safeParse({ start_date: '2025-01-01', end_date: '2025-04-10' })
        .success,
    ).toBe(true);
    expect(
      issuePaths(
        AverageStatsQuerySchema.safeParse({ start_date: '2025-01-01', end_date: '2025-04-11' }),
      ),
    ).toEqual(['end_date']);
    expect(
      issuePaths(
        AverageStatsQuerySchema.safeParse({ start_date: '2025-01-02', end_date: '2025-01-01' }),
      ),
    ).toEqual(['end_date']);
    expect(
      issuePaths(
        AverageStatsQuerySchema.safeParse({ start_date: '2025-02-29', end_date: '2025-03-01' }),
      ),
    ).toEqual(['start_date']);
  });
});

describe('error envelope (Asleep contract 1, 4)', () => {
  it('reads a string detail', () => {
    const error = AsleepErrorSchema.parse(sampleInvalidTimezoneError);
    expect(asleepErrorMessage(error)).toBe('The invalid timezone is provided');
    expect(isAsleepRateLimit(error)).toBe(false);
    expect(isAsleepRateLimit(AsleepErrorSchema.parse({ detail: 'Rate limit exceeded' }))).toBe(
      true,
    );
  });

  it('reads a FastAPI validation list', () => {
    const detail = [
      {
        loc: ['query', 'limit'],
        msg: 'ensure this value is less than or equal to 100',
        type: 'x',
        ctx: {},
      },
    ];
    const error = AsleepErrorSchema.parse({ detail });
    expect(asleepErrorMessage(error)).toBe(
      'query.limit: ensure this value is less than or equal to 100',
    );
    expect(error.detail).toEqual(detail);
  });

  it.each([{}, { detail: 42 }, { detail: [1] }])('rejects %j', (body) => {
    expect(AsleepErrorSchema.safeParse(body).success).toBe(false);
  });
});
