import { createHash } from 'node:crypto';
import type { DeadLetter } from '@sleep/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { ZodType } from 'zod';
import type { OutgoingMessage } from './outgoing-message';

export type DeadLetterReason =
  | 'empty-value'
  | 'invalid-json'
  | 'schema-mismatch'
  | 'unsigned'
  | 'signature-invalid';

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

/** A message refused before its content was looked at (e.g. its signature): never applied. */
export function refusedMessage(
  sourceTopic: string,
  message: Pick<KafkaMessage, 'key' | 'value'>,
  reason: DeadLetterReason,
  detail: string,
  now: Date = new Date(),
): DeadLetter {
  return {
    reason,
    sourceTopic,
    failedAt: now.toISOString(),
    key: message.key?.toString('utf8') ?? null,
    raw: message.value?.toString('utf8') ?? '',
    issues: [{ path: '', message: detail }],
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
  const fitted = fitDeadLetter(deadLetter, source);
  return {
    key: source.key,
    value: fitted.value,
    headers: {
      'x-dlq-reason': deadLetter.reason,
      'x-source-topic': deadLetter.sourceTopic,
      'x-source-partition': String(source.partition),
      'x-source-offset': source.offset,
      ...(fitted.truncated && { 'x-dlq-truncated': 'true' }),
    },
  };
}

/** Dead letters stay well inside one Kafka message (1 MiB by default) whatever they carry. */
export const MAX_DEAD_LETTER_BYTES = 256 * 1024;
/** Characters of the original kept when it is cut: JSON escaping can grow them sixfold at worst. */
const KEPT_RAW_CHARS = 16 * 1024;

/**
 * An original too large (or too escape-heavy) to copy into a DLQ message would make the DLQ
 * publish fail on every retry and stall its partition. Such a letter keeps the start of the
 * original, its size and SHA-256, and its source position, where the whole original stays.
 */
function fitDeadLetter(
  deadLetter: DeadLetter,
  source: { partition: number; offset: string },
): { value: string; truncated: boolean } {
  const value = JSON.stringify(deadLetter);
  if (Buffer.byteLength(value, 'utf8') <= MAX_DEAD_LETTER_BYTES) return { value, truncated: false };
  const raw = Buffer.from(deadLetter.raw, 'utf8');
  const issues = (deadLetter.issues ?? []).slice(0, 20).map((issue) => ({
    path: issue.path.slice(0, 500),
    message: issue.message.slice(0, 1000),
  }));
  const cut: DeadLetter = {
    ...deadLetter,
    key: deadLetter.key?.slice(0, 1000) ?? null,
    raw: deadLetter.raw.slice(0, KEPT_RAW_CHARS),
    issues,
    truncated: {
      bytes: raw.length,
      sha256: createHash('sha256').update(raw).digest('hex'),
      partition: source.partition,
      offset: source.offset,
    },
  };
  return { value: JSON.stringify(cut), truncated: true };
}
