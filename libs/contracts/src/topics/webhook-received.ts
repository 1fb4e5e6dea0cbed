import { z } from 'zod';
import { AsleepWebhookSchema } from '../asleep/webhook';
import { EnvelopeBaseSchema } from './envelope';

export const WEBHOOK_RECEIVED = 'asleep.webhook.received';

/**
 * The value of every `asleep.webhooks.v1` message: one authenticated webhook as
 * Asleep sent it. `payload` is the received body byte for byte (V3 or legacy V2),
 * so consumers normalise it with this schema. `eventId` is the delivery's dedupe
 * key (`<session>:INFERENCE_COMPLETE:<inference_seq_num>` or
 * `<session>:SESSION_COMPLETE`), so a duplicate delivery keeps its id; `key` is
 * the Asleep user id; `occurredAt` is when webhook-ingest received it.
 */
export const WebhookReceivedSchema = EnvelopeBaseSchema.extend({
  type: z.literal(WEBHOOK_RECEIVED),
  version: z.literal(1),
  payload: AsleepWebhookSchema,
});
export type WebhookReceived = z.infer<typeof WebhookReceivedSchema>;
