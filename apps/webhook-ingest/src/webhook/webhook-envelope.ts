import { type DeadLetter, WEBHOOK_RECEIVED } from '@sleep/contracts';
import type { DurableRecord } from '../durability/durable-record';
import { framed, type Room } from './body-with-room';
import type { DeadLetterReason, Issue } from './webhook-inspection';

export interface Receipt {
  tenantId: string;
  userId: string;
  receivedAt: Date;
}

const CLOSE = Buffer.from('}');

/**
 * Room to keep around a received body for its envelope: the head, ids included, fits in 512
 * bytes unless the ids are unusually long (then the envelope is a copy).
 */
export const ENVELOPE_ROOM: Room = { before: 512, after: CLOSE.length };

/**
 * The `asleep.webhooks.v1` value (WebhookReceivedSchema) with the received bytes spliced in as
 * `payload`: the body is forwarded exactly as Asleep sent it and never re-serialised. A body
 * read with ENVELOPE_ROOM gets its envelope written around it instead of copied into a new one.
 */
export function webhookEnvelope(
  topic: string,
  receipt: Receipt,
  eventId: string,
  raw: Buffer,
): DurableRecord {
  const head =
    `{"eventId":${JSON.stringify(eventId)},"type":"${WEBHOOK_RECEIVED}","version":1,` +
    `"occurredAt":"${receipt.receivedAt.toISOString()}","tenantId":${JSON.stringify(receipt.tenantId)},` +
    `"key":${JSON.stringify(receipt.userId)},"payload":`;
  return { topic, key: receipt.userId, value: framed(Buffer.from(head), raw, CLOSE) };
}

/** An authentic body the sender cannot fix by retrying: kept whole, with why it was refused. */
export function webhookDeadLetter(
  topics: { topic: string; dlq: string },
  receipt: Receipt,
  reason: DeadLetterReason,
  issues: Issue[],
  raw: Buffer,
): DurableRecord {
  const letter: DeadLetter = {
    reason,
    sourceTopic: topics.topic,
    failedAt: receipt.receivedAt.toISOString(),
    tenantId: receipt.tenantId,
    key: receipt.userId,
    raw: raw.toString('utf8'),
    issues,
  };
  return {
    topic: topics.dlq,
    key: receipt.userId,
    value: Buffer.from(JSON.stringify(letter)),
    headers: {
      'x-dlq-reason': reason,
      'x-source-topic': topics.topic,
      'x-tenant-id': receipt.tenantId,
    },
  };
}
