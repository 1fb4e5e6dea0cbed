// Test helper: an analytics service that answers only the procedures a test gives it.
import type { AnalyticsRpcService, NightScore } from './analytics-rpc.service';

/** A scored night, as `score` answers it, for the session asked about. */
export const scoredNight = (sessionId: string): NightScore => ({
  sessionId,
  sleepDay: '2025-03-02',
  score: 81,
  scoreVersion: 'sleep-score-1',
  reason: null,
  contributors: [],
});

/**
 * Every procedure once: adding one to the service without listing it here fails to compile. An
 * optional one is left out when not given (the router then answers it from another).
 */
const PROCEDURES = {
  score: true,
  nights: true,
  average: true,
  averagePacked: 'optional',
  regularity: true,
  trends: true,
  listReports: true,
  getReport: true,
  insights: true,
  orgStats: true,
  removeTenant: true,
  exportFacts: true,
  setScoreWeights: true,
  setRules: true,
  rules: true,
} satisfies Record<keyof AnalyticsRpcService, true | 'optional'>;

/** Every procedure not in `given` rejects, naming itself, so an unexpected call fails loudly. */
export function fakeAnalyticsService(given: Partial<AnalyticsRpcService>): AnalyticsRpcService {
  const notGiven = (name: string) => async () => {
    throw new Error(`${name} is not part of this test`);
  };
  return Object.fromEntries(
    (Object.entries(PROCEDURES) as [keyof AnalyticsRpcService, true | 'optional'][])
      .filter(([name, kind]) => kind === true || given[name] !== undefined)
      .map(([name]) => [name, given[name] ?? notGiven(name)]),
  ) as unknown as AnalyticsRpcService;
}
