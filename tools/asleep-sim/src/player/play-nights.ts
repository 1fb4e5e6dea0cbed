import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent } from 'undici';
import type { Night } from '../night/night';
import { rngFor } from '../random/prng';
import { nightDeliveries, WebhookDelivery, WebhookVersion } from './deliveries';
import { InjectionOptions, planSends, PlannedSend } from './injection';
import { createLimiter } from './limiter';
import { buildReport, DeliveryRecord, PlayReport, toRecord } from './play-report';
import { RetryOptions, SendContext, sendWithRetry } from './send-webhook';

/** Called as the night unfolds, so the simulated platform's state follows the webhooks. */
export interface PlayHooks {
  onSessionStart?(night: Night): void;
  onWindowAnalysed?(night: Night, epochs: number): void;
  onSessionEnd?(night: Night): void;
  onSessionComplete?(night: Night): void;
}

export interface PlayNightsOptions extends InjectionOptions {
  readonly webhookUrl: string;
  readonly nights: readonly Night[];
  /** Key echoed in `x-api-key`: one for all, or per night (the key of the night's tenant). */
  readonly apiKey: string | ((night: Night) => string);
  readonly version?: WebhookVersion;
  /** Night time per real time (600: an 8 h night in 48 s), or `immediate` (default): no waiting. */
  readonly speed?: number | 'immediate';
  /** Maximum requests in flight; default 8. */
  readonly concurrency?: number;
  /** Maximum request starts per second over all users. */
  readonly rate?: number;
  /** Real ms between the starts of consecutive users' first nights. */
  readonly userStaggerMs?: number;
  readonly retry?: RetryOptions;
  /** Per attempt; default 5000. */
  readonly timeoutMs?: number;
  readonly windowEpochs?: number;
  readonly analysisDelayMs?: number;
  readonly seed?: number;
  readonly signal?: AbortSignal;
  readonly hooks?: PlayHooks;
  readonly onDelivery?: (record: DeliveryRecord) => void;
}

interface Step {
  readonly atOffsetMs: number;
  /** State changes come before the sends they explain. */
  readonly rank: 0 | 1;
  readonly run: () => Promise<void> | void;
}

function stateSteps(
  night: Night,
  deliveries: readonly WebhookDelivery[],
  hooks: PlayHooks,
): Step[] {
  const steps: Step[] = [{ atOffsetMs: 0, rank: 0, run: () => hooks.onSessionStart?.(night) }];
  for (const { epochs, offsetMs } of deliveries) {
    if (epochs) {
      const run = () => hooks.onWindowAnalysed?.(night, epochs.to);
      steps.push({ atOffsetMs: offsetMs, rank: 0, run });
    }
  }
  steps.push({
    atOffsetMs: night.endMs - night.startMs,
    rank: 0,
    run: () => hooks.onSessionEnd?.(night),
  });
  steps.push({
    atOffsetMs: night.completeMs - night.startMs,
    rank: 0,
    run: () => hooks.onSessionComplete?.(night),
  });
  return steps;
}

/**
 * Plays nights to a webhook URL as Asleep would: per user, nights back to back and each
 * user's deliveries in order (unless reordering is injected); users in parallel.
 */
export async function playNights(options: PlayNightsOptions): Promise<PlayReport> {
  const startedAt = performance.now();
  const speed = options.speed ?? 'immediate';
  if (speed !== 'immediate' && !(speed > 0)) throw new RangeError('speed must be positive');
  const signal = options.signal ?? new AbortController().signal;
  const concurrency = options.concurrency ?? 8;
  const dispatcher = new Agent({ connections: concurrency });
  const context: SendContext = {
    url: options.webhookUrl,
    dispatcher,
    timeoutMs: options.timeoutMs ?? 5000,
    retry: { maxAttempts: 5, baseMs: 100, maxMs: 5000, ...options.retry },
    signal,
    acquire: createLimiter(concurrency, options.rate, signal),
  };
  const records: DeliveryRecord[] = [];
  const dropped: WebhookDelivery[] = [];
  const outOfLine: Promise<void>[] = [];
  const waitUntil = async (at: number) => {
    const ms = at - performance.now();
    if (ms > 0) await delay(ms, undefined, { signal }).catch(() => undefined);
  };

  const send = async ({ delivery, duplicate, extraDelayMs }: PlannedSend) => {
    if (extraDelayMs > 0) await delay(extraDelayMs, undefined, { signal }).catch(() => undefined);
    const record = toRecord(delivery, await sendWithRetry(delivery, context), {
      duplicate,
      delayed: extraDelayMs > 0,
    });
    records.push(record);
    options.onDelivery?.(record);
  };

  const playNight = async (night: Night) => {
    const apiKey = typeof options.apiKey === 'function' ? options.apiKey(night) : options.apiKey;
    const deliveries = nightDeliveries(night, { ...options, apiKey });
    const plan = planSends(
      deliveries,
      options,
      rngFor(options.seed ?? 1, 'inject', night.sessionId),
    );
    dropped.push(...plan.dropped);
    const steps: Step[] = [
      ...stateSteps(night, deliveries, options.hooks ?? {}),
      ...plan.sends.map(
        (planned): Step => ({
          atOffsetMs: planned.atOffsetMs,
          rank: 1,
          run: () =>
            planned.extraDelayMs > 0 ? void outOfLine.push(send(planned)) : send(planned),
        }),
      ),
    ].sort((a, b) => a.atOffsetMs - b.atOffsetMs || a.rank - b.rank);
    const nightStartedAt = performance.now();
    for (const step of steps) {
      if (signal.aborted) return;
      if (speed !== 'immediate') await waitUntil(nightStartedAt + step.atOffsetMs / speed);
      await step.run();
    }
  };

  const byUser = new Map<string, Night[]>();
  for (const night of options.nights) {
    byUser.set(night.userId, [...(byUser.get(night.userId) ?? []), night]);
  }
  const lanes = [...byUser.values()].map(async (nights, lane) => {
    await waitUntil(startedAt + lane * (options.userStaggerMs ?? 0));
    for (const night of [...nights].sort((a, b) => a.startMs - b.startMs)) await playNight(night);
  });
  try {
    await Promise.all(lanes);
    await Promise.all(outOfLine);
  } finally {
    await dispatcher.close();
  }
  return buildReport(options.nights, records, dropped, performance.now() - startedAt);
}
