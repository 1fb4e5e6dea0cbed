import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AsleepErrorKind } from './errors';
import type { AsleepOperation } from './operation';
import type { RetryReason } from './retry';

export type CallOutcome = 'ok' | AsleepErrorKind;
export type BreakerState = 'closed' | 'halfOpen' | 'open';
export type BreakerEvent = 'open' | 'halfOpen' | 'close' | 'reject' | 'failure';

/** Gauge values of `asleep_client_breaker_state`. */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = {
  closed: 0,
  halfOpen: 1,
  open: 2,
};

/** Two clients on one registry share the series instead of failing to register twice. */
function reuse<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

type Child = { inc(): void };
type TimerChild = { observe(value: number): void };

/** Label children of one operation, resolved once so a call does no label hashing. */
export class OperationMetrics {
  private readonly done = new Map<CallOutcome, [Child, TimerChild]>();
  private readonly retried = new Map<RetryReason, Child>();

  constructor(
    private readonly operation: AsleepOperation,
    private readonly metrics: AsleepClientMetrics,
  ) {}

  finished(outcome: CallOutcome, seconds: number): void {
    let children = this.done.get(outcome);
    if (!children) {
      children = [
        this.metrics.requests.labels(this.operation, outcome),
        this.metrics.duration.labels(this.operation, outcome),
      ];
      this.done.set(outcome, children);
    }
    children[0].inc();
    children[1].observe(seconds);
  }

  retry(reason: RetryReason): void {
    let child = this.retried.get(reason);
    if (!child) {
      child = this.metrics.retries.labels(this.operation, reason);
      this.retried.set(reason, child);
    }
    child.inc();
  }
}

/** Labels are operation, outcome, reason and event only: never a user id or the key. */
export class AsleepClientMetrics {
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly duration: Histogram<'operation' | 'outcome'>;
  readonly retries: Counter<'operation' | 'reason'>;
  readonly breakerState: Gauge;
  readonly breakerEvents: Counter<'event'>;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.requests = reuse(
      registry,
      'asleep_client_requests_total',
      () =>
        new Counter({
          name: 'asleep_client_requests_total',
          help: 'Asleep API calls by operation and outcome (ok or error kind), retries included in one call',
          labelNames: ['operation', 'outcome'],
          registers,
        }),
    );
    this.duration = reuse(
      registry,
      'asleep_client_request_duration_seconds',
      () =>
        new Histogram({
          name: 'asleep_client_request_duration_seconds',
          help: 'Duration of Asleep API calls, all attempts and backoff included',
          labelNames: ['operation', 'outcome'],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers,
        }),
    );
    this.retries = reuse(
      registry,
      'asleep_client_retries_total',
      () =>
        new Counter({
          name: 'asleep_client_retries_total',
          help: 'Asleep API attempts repeated, by operation and the reason of the failed attempt',
          labelNames: ['operation', 'reason'],
          registers,
        }),
    );
    this.breakerState = reuse(
      registry,
      'asleep_client_breaker_state',
      () =>
        new Gauge({
          name: 'asleep_client_breaker_state',
          help: 'Circuit breaker around the Asleep API: 0 closed, 1 half-open, 2 open',
          registers,
        }),
    );
    this.breakerEvents = reuse(
      registry,
      'asleep_client_breaker_events_total',
      () =>
        new Counter({
          name: 'asleep_client_breaker_events_total',
          help: 'Circuit breaker events: open, halfOpen, close, reject (failed fast while open), failure (counted attempt)',
          labelNames: ['event'],
          registers,
        }),
    );
    this.breakerState.set(BREAKER_STATE_VALUE.closed);
  }

  forOperation(operation: AsleepOperation): OperationMetrics {
    return new OperationMetrics(operation, this);
  }

  /** Counter children per event, for listeners that run on every call. */
  breakerEventCounter(event: BreakerEvent): Child {
    return this.breakerEvents.labels(event);
  }
}
