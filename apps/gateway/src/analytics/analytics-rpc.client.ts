import { type AnalyticsClient, createAnalyticsClient, unpackAverage } from '@sleep/analytics-rpc';
import { type AnalyticsStore, gatewayError } from '@sleep/gateway-api';
import type { ServiceTokenSigner } from '@sleep/service-kit';
import { TRPCClientError } from '@trpc/client';

const codeOf = (error: unknown): string | undefined =>
  error instanceof TRPCClientError
    ? (error.data as { code?: string } | undefined)?.code
    : undefined;

function analyticsError(error: unknown) {
  if (codeOf(error) === 'BAD_REQUEST')
    return gatewayError('BAD_REQUEST', error instanceof Error ? error.message : 'Bad request');
  return gatewayError('SERVICE_UNAVAILABLE', 'Analytics are unavailable; try again later', {
    retryAfterMs: 2_000,
  });
}

/** Calls `fn`; NOT_FOUND becomes null, anything else a client-facing error. */
async function orNull<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    if (codeOf(error) === 'NOT_FOUND') return null;
    throw analyticsError(error);
  }
}

async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw analyticsError(error);
  }
}

/** analytics-service over its internal tRPC (batched HTTP over a keep-alive pool). */
export class AnalyticsRpcStore implements AnalyticsStore {
  private readonly client: AnalyticsClient['client'];
  private readonly transport: AnalyticsClient;

  constructor(baseUrl: string, tokens: ServiceTokenSigner, timeoutMs = 5_000) {
    this.transport = createAnalyticsClient({
      baseUrl,
      timeoutMs,
      headers: async () => ({
        'x-caller': 'gateway',
        ...(await tokens.headers('analytics-service')),
      }),
    });
    this.client = this.transport.client;
  }

  /** Closes the pool's connections (idle ones close on their own after 30 s). */
  close(): Promise<void> {
    return this.transport.close();
  }

  /** The hot reads (`score`, `average`) skip tRPC's client: `AnalyticsClient.query`. */
  score: AnalyticsStore['score'] = (q) => orNull(() => this.transport.query('score', q));
  nights: AnalyticsStore['nights'] = (q) => mapped(() => this.client.nights.query(q));
  /**
   * Analytics that cannot answer (down, or no night stored) is null: the caller falls back. The
   * answer is not parsed again here: analytics' router types it, and `stats.average` checks its
   * output against the A1 contract (a second parse of 100 nights cost 1-3 ms of CPU per call).
   * It travels packed (`averagePackedV2`: slept sessions without their key names, 46 kB instead
   * of 116 kB for 100 nights, their ratios in thousandths) and is unpacked to the same answer. An
   * analytics-service without that procedure answers NOT_FOUND, so the gateway falls back to
   * Asleep: deploy it first.
   */
  average: AnalyticsStore['average'] = async (q) => {
    try {
      return unpackAverage(await this.transport.query('averagePackedV2', q));
    } catch {
      return null;
    }
  };
  regularity: AnalyticsStore['regularity'] = (q) => mapped(() => this.client.regularity.query(q));
  trends: AnalyticsStore['trends'] = (q) => mapped(() => this.client.trends.query(q));
  listReports: AnalyticsStore['listReports'] = (q) =>
    mapped(() => this.client.reports.list.query(q));
  getReport: AnalyticsStore['getReport'] = (q) => orNull(() => this.client.reports.get.query(q));
  insights: AnalyticsStore['insights'] = (q) => mapped(() => this.client.insights.query(q));
  setScoreWeights: AnalyticsStore['setScoreWeights'] = (q) =>
    mapped(() => this.client.setScoreWeights.mutate(q));
  setRules: AnalyticsStore['setRules'] = (q) => mapped(() => this.client.setRules.mutate(q));
  rules: AnalyticsStore['rules'] = (q) => mapped(() => this.client.rules.query(q));
  orgStats: AnalyticsStore['orgStats'] = (q) => mapped(() => this.client.orgStats.query(q));
  removeTenant: AnalyticsStore['removeTenant'] = (q) =>
    mapped(() => this.client.removeTenant.mutate(q));
  exportFacts: AnalyticsStore['exportFacts'] = (q) =>
    mapped(() => this.client.exportFacts.query(q));
}
