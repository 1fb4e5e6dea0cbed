import { DeadLetterSchema, EnvelopeBaseSchema } from '@sleep/contracts';
import { deadLetterMessage, validateMessage } from './dead-letter';

const now = new Date('2024-05-01T00:00:00.000Z');
const envelope = {
  eventId: 'e1',
  type: 'session.complete',
  version: 1,
  occurredAt: '2024-05-01T00:00:00.000Z',
  tenantId: 't1',
  key: 'user-1',
  payload: {},
};

describe('validateMessage', () => {
  it('returns the parsed value of a valid message', () => {
    const result = validateMessage(
      EnvelopeBaseSchema,
      'a.v1',
      { key: Buffer.from('user-1'), value: Buffer.from(JSON.stringify(envelope)) },
      now,
    );
    expect(result).toEqual({ ok: true, value: envelope });
  });

  it('dead-letters bad JSON with the parser message and the raw text', () => {
    const result = validateMessage(
      EnvelopeBaseSchema,
      'a.v1',
      { key: null, value: Buffer.from('{"oops"') },
      now,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(DeadLetterSchema.parse(result.deadLetter)).toMatchObject({
      reason: 'invalid-json',
      raw: '{"oops"',
      key: null,
      sourceTopic: 'a.v1',
    });
    expect(result.deadLetter.issues?.[0].message).toMatch(/JSON/);
  });

  it('dead-letters schema failures with paths and the tenant when known', () => {
    const value = Buffer.from(JSON.stringify({ ...envelope, version: 'one' }));
    const result = validateMessage(
      EnvelopeBaseSchema,
      'a.v1',
      { key: Buffer.from('user-1'), value },
      now,
    );
    if (result.ok) throw new Error('expected a dead letter');
    expect(result.deadLetter).toMatchObject({
      reason: 'schema-mismatch',
      tenantId: 't1',
      key: 'user-1',
      failedAt: now.toISOString(),
    });
    expect(result.deadLetter.issues).toEqual([{ path: 'version', message: expect.any(String) }]);
  });

  it('dead-letters empty values (tombstones on a delete topic)', () => {
    const result = validateMessage(
      EnvelopeBaseSchema,
      'a.v1',
      { key: Buffer.from('k'), value: null },
      now,
    );
    expect(result).toMatchObject({ ok: false, deadLetter: { reason: 'empty-value', raw: '' } });
  });
});

describe('deadLetterMessage', () => {
  it('keeps the key and records the source position in headers', () => {
    const deadLetter = {
      reason: 'invalid-json',
      sourceTopic: 'a.v1',
      failedAt: now.toISOString(),
      key: 'k',
      raw: 'x',
    };
    const message = deadLetterMessage(deadLetter, {
      key: Buffer.from('k'),
      partition: 2,
      offset: '41',
    });
    expect(message.key).toEqual(Buffer.from('k'));
    expect(JSON.parse(String(message.value))).toEqual(deadLetter);
    expect(message.headers).toMatchObject({
      'x-source-partition': '2',
      'x-source-offset': '41',
      'x-dlq-reason': 'invalid-json',
    });
  });
});
