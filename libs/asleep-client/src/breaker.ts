import type { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import { AsleepError, AsleepUnavailableError } from './errors';
import {
  type AsleepClientMetrics,
  BREAKER_STATE_VALUE,
  type BreakerEvent,
  type BreakerState,
} from './metrics';
import type { AsleepOperation, AsleepRequest } from './operation';
import type { AsleepClientConfig, AsleepClientLogger } from './options';
import type { AsleepResponse } from './transport';

export type Attempt = (
  operation: AsleepOperation,
  request: AsleepRequest,
  timeoutMs: number,
  notFoundIsDone: boolean,
) => Promise<AsleepResponse>;

/** Only unavailability and rate limits say Asleep is unwell; a 404 or a 422 is an answer. */
const notAFailure = (error: unknown) => error instanceof AsleepError && !error.breakerFailure;

const isOpenRejection = (error: unknown) =>
  CircuitBreaker.isOurError(error as Error) && (error as { code?: string }).code === 'EOPENBREAKER';

/**
 * opossum around single attempts: every attempt counts in the rolling window, and an open
 * breaker fails the attempt at once, which also ends the retry loop. Timeouts are the
 * transport's, so opossum's own timer is off.
 */
export class AsleepBreaker {
  private readonly breaker: CircuitBreaker<Parameters<Attempt>, AsleepResponse>;

  constructor(
    attempt: Attempt,
    config: AsleepClientConfig['breaker'],
    metrics: AsleepClientMetrics,
    logger: AsleepClientLogger,
  ) {
    this.breaker = new CircuitBreaker(attempt, {
      name: 'asleep',
      timeout: false,
      errorThresholdPercentage: config.errorThresholdPercentage,
      rollingCountTimeout: config.rollingCountTimeoutMs,
      rollingCountBuckets: config.rollingCountBuckets,
      volumeThreshold: config.volumeThreshold,
      resetTimeout: config.resetTimeoutMs,
      errorFilter: notAFailure,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
    const events: EventEmitter = this.breaker;
    const count = (event: BreakerEvent) => {
      const child = metrics.breakerEventCounter(event);
      events.on(event, () => child.inc());
    };
    // No per-call `success` listener: the request counter already has every outcome.
    (['reject', 'failure'] as const).forEach(count);
    const transition = (event: 'open' | 'halfOpen' | 'close', state: BreakerState) => {
      count(event);
      events.on(event, () => {
        metrics.breakerState.set(BREAKER_STATE_VALUE[state]);
        logger[state === 'open' ? 'warn' : 'info'](
          { breaker: state },
          `Asleep circuit breaker ${state}`,
        );
      });
    };
    transition('open', 'open');
    transition('halfOpen', 'halfOpen');
    transition('close', 'closed');
  }

  async fire(...args: Parameters<Attempt>): Promise<AsleepResponse> {
    try {
      return await this.breaker.fire(...args);
    } catch (error) {
      if (isOpenRejection(error)) {
        throw new AsleepUnavailableError({
          operation: args[0],
          reason: 'breaker_open',
          detail: 'circuit breaker open, failing fast',
        });
      }
      throw error;
    }
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'halfOpen' : 'closed';
  }

  /** Stops the rolling-window timers. */
  shutdown(): void {
    this.breaker.shutdown();
  }
}
