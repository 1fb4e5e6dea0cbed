import type { AsleepBreaker, Attempt } from './breaker';
import { type AsleepClientError, isAsleepError } from './errors';
import type { AsleepClientMetrics, OperationMetrics } from './metrics';
import {
  ASLEEP_OPERATIONS,
  type AsleepOperation,
  type AsleepRequest,
  type OperationSpec,
} from './operation';
import type { AsleepClientConfig, AsleepClientLogger } from './options';
import { errorForStatus } from './responses';
import { backoffDelay, retryReason, sleep } from './retry';
import type { AsleepResponse, Transport } from './transport';

/** An attempt with less time than this left is not worth starting. */
const MIN_ATTEMPT_MS = 10;

/** Kinds that say something about Asleep or our account rather than about one call's input. */
const WORTH_A_WARNING = new Set([
  'unavailable',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'invalid_response',
]);

/** One attempt: send, then turn a non-success status into its typed error inside the breaker. */
export function attemptVia(transport: Transport): Attempt {
  return async (operation, request, timeoutMs, notFoundIsDone) => {
    const response = await transport.send(operation, request, timeoutMs);
    const { status } = response;
    if ((status >= 200 && status < 300) || (notFoundIsDone && status === 404)) return response;
    throw errorForStatus(operation, status, response.text, transport.redact);
  };
}

/**
 * Runs an operation under the call deadline: attempts through the breaker, retries with
 * backoff where the operation is idempotent and the failure transient, one metric per call.
 */
export class Caller {
  private readonly perOperation: Record<AsleepOperation, OperationMetrics>;

  constructor(
    private readonly config: Pick<AsleepClientConfig, 'timeouts' | 'retry'>,
    private readonly breaker: AsleepBreaker,
    metrics: AsleepClientMetrics,
    private readonly logger: AsleepClientLogger,
    private readonly random: () => number,
  ) {
    this.perOperation = Object.fromEntries(
      ASLEEP_OPERATIONS.map((name) => [name, metrics.forOperation(name)]),
    ) as Record<AsleepOperation, OperationMetrics>;
  }

  async call<T>(
    spec: OperationSpec,
    request: AsleepRequest,
    parse: (response: AsleepResponse) => T,
  ): Promise<T> {
    const { requestMs, totalMs } = this.config.timeouts;
    const metrics = this.perOperation[spec.name];
    const started = performance.now();
    const deadline = started + totalMs;
    for (let attempts = 1; ; attempts++) {
      let error: AsleepClientError;
      try {
        const timeoutMs = Math.max(
          1,
          Math.min(requestMs, Math.floor(deadline - performance.now())),
        );
        const response = await this.breaker.fire(
          spec.name,
          request,
          timeoutMs,
          spec.notFoundIsDone,
        );
        const value = parse(response);
        metrics.finished('ok', (performance.now() - started) / 1000);
        return value;
      } catch (caught) {
        if (!isAsleepError(caught)) throw caught;
        error = caught;
      }
      const reason =
        spec.idempotent && attempts <= this.config.retry.maxRetries
          ? retryReason(error)
          : undefined;
      const delayMs =
        reason === undefined ? 0 : backoffDelay(this.config.retry, attempts - 1, this.random);
      if (reason === undefined || performance.now() + delayMs > deadline - MIN_ATTEMPT_MS) {
        error.attempts = attempts;
        metrics.finished(error.kind, (performance.now() - started) / 1000);
        this.report(error);
        throw error;
      }
      metrics.retry(reason);
      this.logger.debug(
        { operation: spec.name, attempt: attempts, reason, delayMs },
        'Retrying Asleep call',
      );
      await sleep(delayMs);
    }
  }

  private report(error: AsleepClientError): void {
    const fields = {
      operation: error.operation,
      kind: error.kind,
      status: error.status,
      attempts: error.attempts,
    };
    const quiet =
      !WORTH_A_WARNING.has(error.kind) ||
      (error.kind === 'unavailable' && error.reason === 'breaker_open');
    if (quiet) this.logger.debug(fields, error.message);
    else this.logger.warn(fields, error.message);
  }
}
