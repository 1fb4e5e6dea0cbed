import { DeadLetterSchema, WebhookReceivedSchema } from '@sleep/contracts';
import { sampleSessionCompleteV2, sampleUserId } from '@sleep/contracts/testing';
import { allocateWithRoom } from './body-with-room';
import { ENVELOPE_ROOM, webhookDeadLetter, webhookEnvelope } from './webhook-envelope';

const receipt = {
  tenantId: 'acme',
  userId: sampleUserId,
  receivedAt: new Date('2025-03-10T16:06:01.123Z'),
};

describe('webhookEnvelope', () => {
  // Whitespace, escapes and key order that a re-serialisation would change.
  const raw = Buffer.from(
    `\n{ "callback_event" : "SESSION_COMPLETE",\t"callback_version":"V2", "note": "caf\\u00e9 \u{1F634}",\r\n` +
      `"callback_data": ${JSON.stringify(sampleSessionCompleteV2.callback_data, null, 2)} }\n`,
  );

  it('is a valid asleep.webhooks.v1 value whose payload is the received body, byte for byte', () => {
    const record = webhookEnvelope(
      'asleep.webhooks.v1',
      receipt,
      '20250310140000_k3m9x:SESSION_COMPLETE',
      raw,
    );
    expect(record).toMatchObject({ topic: 'asleep.webhooks.v1', key: sampleUserId });
    const text = record.value.toString('utf8');
    const envelope = WebhookReceivedSchema.parse(JSON.parse(text));
    expect(envelope).toMatchObject({
      eventId: '20250310140000_k3m9x:SESSION_COMPLETE',
      type: 'asleep.webhook.received',
      version: 1,
      occurredAt: '2025-03-10T16:06:01.123Z',
      tenantId: 'acme',
      key: sampleUserId,
      payload: { event: 'SESSION_COMPLETE' },
    });
    const payloadStart = record.value.indexOf('"payload":') + '"payload":'.length;
    expect(record.value.subarray(payloadStart, record.value.length - 1).equals(raw)).toBe(true);
  });

  it('is written around a body read with ENVELOPE_ROOM, the same bytes as when copied', () => {
    const roomy = allocateWithRoom(raw.length, ENVELOPE_ROOM);
    raw.copy(roomy);
    const eventId = '20250310140000_k3m9x:SESSION_COMPLETE';
    const copied = webhookEnvelope('asleep.webhooks.v1', receipt, eventId, raw).value;
    const inPlace = webhookEnvelope('asleep.webhooks.v1', receipt, eventId, roomy).value;
    expect(inPlace.equals(copied)).toBe(true);
    expect(inPlace.buffer).toBe(roomy.buffer);
  });

  it('escapes ids it did not choose', () => {
    const odd = { ...receipt, tenantId: 'a"b\\c', userId: 'u"\u2028' };
    const record = webhookEnvelope('t', odd, 'e"\n', Buffer.from('{}'));
    expect(JSON.parse(record.value.toString())).toMatchObject({
      eventId: 'e"\n',
      tenantId: 'a"b\\c',
      key: 'u"\u2028',
      payload: {},
    });
  });
});

describe('webhookDeadLetter', () => {
  it('keeps the raw body and the reason, keyed by user, on the DLQ topic', () => {
    const raw = Buffer.from('{"event":"SOMETHING_NEW","data":{"user_id":"u1"}}');
    const issues = [{ path: 'event', message: 'unknown' }];
    const record = webhookDeadLetter(
      { topic: 'main.v1', dlq: 'main.dlq.v1' },
      receipt,
      'unknown-event',
      issues,
      raw,
    );
    expect(record).toMatchObject({
      topic: 'main.dlq.v1',
      key: sampleUserId,
      headers: {
        'x-dlq-reason': 'unknown-event',
        'x-source-topic': 'main.v1',
        'x-tenant-id': 'acme',
      },
    });
    expect(DeadLetterSchema.parse(JSON.parse(record.value.toString()))).toEqual({
      reason: 'unknown-event',
      sourceTopic: 'main.v1',
      failedAt: '2025-03-10T16:06:01.123Z',
      tenantId: 'acme',
      key: sampleUserId,
      raw: raw.toString(),
      issues,
    });
  });
});
