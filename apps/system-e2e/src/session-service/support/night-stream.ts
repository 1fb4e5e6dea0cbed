import { randomBytes } from 'node:crypto';
import {
  type InjectionOptions,
  type Night,
  nightDeliveries,
  planSends,
  rngFor,
  sessionCompleteData,
  type WebhookDelivery,
} from '@sleep/asleep-sim';
import { type SleepData, WEBHOOK_RECEIVED } from '@sleep/contracts';
import type { OutgoingMessage } from '@sleep/messaging';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh Asleep-shaped user id, so runs on a shared broker never meet (Asleep contract 1.1). */
export function freshUserId(): string {
  const tail = [...randomBytes(20)].map((byte) => ALNUM[byte % ALNUM.length]).join('');
  return `G-20250301093015-${tail}`;
}

/** One night's deliveries in the order they are published, injected copies included. */
export interface NightStream {
  tenantId: string;
  night: Night;
  sends: WebhookDelivery[];
}

export function streamNight(
  tenantId: string,
  night: Night,
  injection: InjectionOptions,
  seed = 1,
): NightStream {
  const deliveries = nightDeliveries(night, { apiKey: 'unused' });
  const { sends } = planSends(deliveries, injection, rngFor(seed, 'stream', night.sessionId));
  return { tenantId, night, sends: sends.map((send) => send.delivery) };
}

/** As webhook-ingest publishes a delivery: the envelope, keyed by user, its dedupe key as event id. */
function message(tenantId: string, delivery: WebhookDelivery): OutgoingMessage {
  const value = {
    eventId: delivery.key,
    type: WEBHOOK_RECEIVED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: delivery.userId,
    payload: delivery.body,
  };
  return { key: delivery.userId, value: JSON.stringify(value) };
}

/** Every stream's messages, nights interleaved round-robin, each night keeping its own order. */
export function interleave(streams: readonly NightStream[]): OutgoingMessage[] {
  const out: OutgoingMessage[] = [];
  const longest = Math.max(0, ...streams.map((stream) => stream.sends.length));
  for (let i = 0; i < longest; i++) {
    for (const stream of streams)
      if (i < stream.sends.length) out.push(message(stream.tenantId, stream.sends[i]));
  }
  return out;
}

/**
 * The events a night must produce for this publish order, whatever batches the service cuts: one
 * progressed per distinct window before the first SESSION_COMPLETE, then one completed.
 */
export function expectedEventCount(stream: NightStream): number {
  const firstComplete = stream.sends.findIndex((delivery) => delivery.event === 'SESSION_COMPLETE');
  const before = firstComplete < 0 ? stream.sends : stream.sends.slice(0, firstComplete);
  const windows = new Set(
    before.filter((delivery) => delivery.event === 'INFERENCE_COMPLETE').map((d) => d.key),
  );
  return windows.size + (firstComplete < 0 ? 0 : 1);
}

/** The simulator's truth: Get Session's result in UTC, as SESSION_COMPLETE carries it. */
export function truthOf(night: Night): SleepData {
  const { user_id: _userId, ...data } = sessionCompleteData(night);
  return data as SleepData;
}
