import type { Night } from '../night/night';
import { sessionCompleteData, WebhookDelivery, WebhookEvent } from './deliveries';
import { Attempt, isDelivered } from './send-webhook';

export interface DeliveryRecord {
  readonly event: WebhookEvent;
  readonly userId: string;
  readonly sessionId: string;
  readonly key: string;
  /** An injected second copy. */
  readonly duplicate: boolean;
  /** Held back by the `delay` injection. */
  readonly delayed: boolean;
  readonly attempts: readonly Attempt[];
  /** Some attempt got a 2xx. */
  readonly delivered: boolean;
}

/** What a night ended as: the SESSION_COMPLETE data (Get-Session in UTC plus `user_id`). */
export interface NightTruth {
  readonly userId: string;
  readonly sessionId: string;
  readonly sleepData: ReturnType<typeof sessionCompleteData>;
}

export interface PlayReport {
  /** HTTP attempts made, retries included. */
  readonly sent: number;
  readonly delivered: number;
  /** Deliveries that never got a 2xx within the attempt cap. */
  readonly failed: number;
  readonly retries: number;
  readonly duplicates: number;
  readonly dropped: number;
  /** Attempt outcomes: `{ "200": 97, "503": 3, "error": 1 }`. */
  readonly statuses: Record<string, number>;
  readonly records: readonly DeliveryRecord[];
  readonly droppedDeliveries: ReadonlyArray<
    Pick<WebhookDelivery, 'event' | 'userId' | 'sessionId' | 'key'>
  >;
  readonly truth: readonly NightTruth[];
  readonly elapsedMs: number;
}

export function buildReport(
  nights: readonly Night[],
  records: readonly DeliveryRecord[],
  dropped: readonly WebhookDelivery[],
  elapsedMs: number,
): PlayReport {
  const statuses: Record<string, number> = {};
  for (const record of records) {
    for (const { status } of record.attempts) statuses[status] = (statuses[status] ?? 0) + 1;
  }
  const attempts = records.reduce((sum, record) => sum + record.attempts.length, 0);
  return {
    sent: attempts,
    delivered: records.filter((record) => record.delivered).length,
    failed: records.filter((record) => !record.delivered).length,
    retries: attempts - records.filter((record) => record.attempts.length > 0).length,
    duplicates: records.filter((record) => record.duplicate).length,
    dropped: dropped.length,
    statuses,
    records,
    droppedDeliveries: dropped.map(({ event, userId, sessionId, key }) => ({
      event,
      userId,
      sessionId,
      key,
    })),
    truth: nights.map((night) => ({
      userId: night.userId,
      sessionId: night.sessionId,
      sleepData: sessionCompleteData(night),
    })),
    elapsedMs,
  };
}

export const toRecord = (
  delivery: WebhookDelivery,
  attempts: readonly Attempt[],
  flags: { duplicate: boolean; delayed: boolean },
): DeliveryRecord => ({
  event: delivery.event,
  userId: delivery.userId,
  sessionId: delivery.sessionId,
  key: delivery.key,
  ...flags,
  attempts,
  delivered: isDelivered(attempts),
});
