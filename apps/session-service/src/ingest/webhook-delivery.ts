import { MAX_SESSION_EPOCHS, type WebhookReceived } from '@sleep/contracts';
import type { Delivery } from '../domain/night';
import { windowRange } from '../domain/timeline-merge';

export type ParsedWebhook =
  | { ok: true; delivery: Delivery }
  /** No retry can fix it: the message goes to the DLQ with `reason`. */
  | { ok: false; reason: string; message: string };

const reject = (reason: string, message: string): ParsedWebhook => ({ ok: false, reason, message });

/** One `asleep.webhooks.v1` message as a delivery for the convergence rules, or why it cannot be one. */
export function deliveryFromWebhook(message: WebhookReceived): ParsedWebhook {
  const { payload, tenantId, key } = message;
  const receivedAtMs = Date.parse(message.occurredAt);
  if (payload.data.user_id !== key) {
    return reject('user-mismatch', 'data.user_id differs from the message key');
  }
  if (payload.event === 'SESSION_COMPLETE') {
    const { user_id: userId, ...data } = payload.data;
    return {
      ok: true,
      delivery: { kind: 'final', tenantId, userId, sessionId: data.session.id, receivedAtMs, data },
    };
  }
  const data = payload.data;
  const length = data.sleep_stages.length;
  for (const [name, values] of [
    ['snoring_stages', data.snoring_stages],
    ['breath_stages', data.breath_stages],
  ] as const) {
    if (values !== null && values.length !== length) {
      return reject(
        'inconsistent-window',
        `${name} has ${values.length} epochs, sleep_stages ${length}`,
      );
    }
  }
  const { from, to } = windowRange(data.seq_num, length);
  if (from < 0)
    return reject('window-before-start', `${length} epochs cannot end at seq_num ${data.seq_num}`);
  if (to > MAX_SESSION_EPOCHS)
    return reject(
      'window-too-late',
      `seq_num ${data.seq_num} is past ${MAX_SESSION_EPOCHS} epochs`,
    );
  return {
    ok: true,
    delivery: {
      kind: 'window',
      tenantId,
      userId: data.user_id,
      sessionId: data.session_id,
      receivedAtMs,
      k: data.inference_seq_num,
      seqNum: data.seq_num,
      sleepStages: data.sleep_stages,
      snoringStages: data.snoring_stages,
      breathStages: data.breath_stages,
    },
  };
}
