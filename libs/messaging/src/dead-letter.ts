import type { DeadLetter } from '@sleep/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { ZodType } from 'zod';
import type { OutgoingMessage } from './outgoing-message';

export type DeadLetterReason = 'empty-value' | 'invalid-json' | 'schema-mismatch';

export type Validated<T> = { ok: true; value: T } | { ok: false; deadLetter: DeadLetter };

/** Parses one received value: JSON, then the topic's schema. Never throws. */
export function validateMessage<T>(
  schema: ZodType<T>,
  sourceTopic: string,
  message: Pick<KafkaMessage, 'key' | 'value'>,
  now: Date = new Date(),
): Validated<T> {
  const raw = message.value?.toString('utf8') ?? '';
  const base = {
    sourceTopic,
    failedAt: now.toISOString(),
    key: message.key?.toString('utf8') ?? null,
    raw,
  };
  if (message.value == null || message.value.length === 0) {
    return { ok: false, deadLetter: { ...base, reason: 'empty-value' } };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    const issues = [{ path: '', message: (error as Error).message }];
    return { ok: false, deadLetter: { ...base, reason: 'invalid-json', issues } };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return {
    ok: false,
    deadLetter: { ...base, reason: 'schema-mismatch', tenantId: tenantOf(json), issues },
  };
}

function tenantOf(json: unknown): string | undefined {
  const tenantId = (json as { tenantId?: unknown } | null)?.tenantId;
  return typeof tenantId === 'string' ? tenantId : undefined;
}

/**
 * Keyed like the original (one user's failures stay in order); the source position goes in
 * headers so an operator can find and replay the original record.
 */
export function deadLetterMessage(
  deadLetter: DeadLetter,
  source: { key: Buffer | null; partition: number; offset: string },
): OutgoingMessage {
  return {
    key: source.key,
    value: JSON.stringify(deadLetter),
    headers: {
      'x-dlq-reason': deadLetter.reason,
      'x-source-topic': deadLetter.sourceTopic,
      'x-source-partition': String(source.partition),
      'x-source-offset': source.offset,
    },
  };
}
