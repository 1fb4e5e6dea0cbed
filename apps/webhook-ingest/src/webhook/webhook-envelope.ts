import { type DeadLetter, WEBHOOK_RECEIVED } from '@sleep/contracts';
import type { DurableRecord } from '../durability/durable-record';
import type { DeadLetterReason, Issue } from './webhook-inspection';

export interface Receipt {
  tenantId: string;
  userId: string;
  receivedAt: Date;
}

const CLOSE = Buffer.from('}');

/**
 * The `asleep.webhooks.v1` value (WebhookReceivedSchema) with the received bytes spliced in as
 * `payload`: the body is forwarded exactly as Asleep sent it and never re-serialised.
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
  return { topic, key: receipt.userId, value: Buffer.concat([Buffer.from(head), raw, CLOSE]) };
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
