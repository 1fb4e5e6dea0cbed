import { deadLetterMessage } from './dead-letter';
import type { OutgoingMessage } from './outgoing-message';
import type { ConsumedMessage } from './typed-consumer';

/** A message that passed its schema but that no retry can make work: off to the DLQ with why. */
export function deadLetterFor(
  message: ConsumedMessage<unknown>,
  reason: string,
  detail: string,
  tenantId?: string,
): OutgoingMessage {
  return deadLetterMessage(
    {
      reason,
      sourceTopic: message.topic,
      failedAt: new Date().toISOString(),
      ...(tenantId === undefined ? {} : { tenantId }),
      key: message.key,
      raw: message.raw?.toString('utf8') ?? JSON.stringify(message.value),
      issues: [{ path: '', message: detail }],
    },
    {
      key: message.key === null ? null : Buffer.from(message.key),
      partition: message.partition,
      offset: message.offset,
    },
  );
}

const PERMANENT_SQL_CLASSES = new Set(['22', '23', '42', '2B', '2F']);

/**
 * Whether retrying later can help a handler that threw. Data and constraint errors and our own
 * type errors fail the same way every time (dead-letter them); anything else (connection lost,
 * database down, deadlock, timeout) is waited out, never skipped.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    /^[0-9A-Z]{5}$/.test(code) &&
    PERMANENT_SQL_CLASSES.has(code.slice(0, 2))
  );
}
