// Test support: Asleep webhook bodies wrapped as webhook-ingest publishes them on `asleep.webhooks.v1`.
import { WEBHOOK_RECEIVED } from '@sleep/contracts';
import type { OutgoingMessage } from '@sleep/messaging';
import type { SleepData } from '@sleep/contracts';

/** The V3 bodies Asleep sends for one night: a window per 10 epochs, then SESSION_COMPLETE. */
export function webhookBodies(
  userId: string,
  data: SleepData,
): { eventId: string; body: unknown }[] {
  const stages = data.session.sleep_stages ?? [];
  const bodies: { eventId: string; body: unknown }[] = [];
  for (let from = 0; from < stages.length; from += 10) {
    const to = Math.min(stages.length, from + 10);
    const k = Math.floor((to - 1) / 10);
    bodies.push({
      eventId: `${data.session.id}:INFERENCE_COMPLETE:${k}`,
      body: {
        event: 'INFERENCE_COMPLETE',
        version: 'V3',
        data: {
          user_id: userId,
          session_id: data.session.id,
          seq_num: to - 1,
          inference_seq_num: k,
          sleep_stages: stages.slice(from, to),
          breath_stages: null,
          snoring_stages: data.session.snoring_stages?.slice(from, to) ?? null,
        },
      },
    });
  }
  bodies.push({
    eventId: `${data.session.id}:SESSION_COMPLETE`,
    body: { event: 'SESSION_COMPLETE', version: 'V3', data: { user_id: userId, ...data } },
  });
  return bodies;
}

export function webhookMessage(
  tenantId: string,
  userId: string,
  eventId: string,
  body: unknown,
): OutgoingMessage {
  const value = {
    eventId,
    type: WEBHOOK_RECEIVED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: userId,
    payload: body,
  };
  return { key: userId, value: JSON.stringify(value) };
}
