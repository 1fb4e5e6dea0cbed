import { z } from 'zod';

/**
 * The envelope of every message on every topic. `payload` is typed per event by
 * `envelopeSchema(type, payloadSchema)`.
 */
export const EnvelopeBaseSchema = z.object({
  /** Deterministic where the source allows it, so a redelivery keeps its id. */
  eventId: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  tenantId: z.string().min(1).max(100),
  /** The Kafka key: the Asleep user id. */
  key: z.string().min(1).max(128),
  payload: z.unknown(),
});
export type EnvelopeBase = z.infer<typeof EnvelopeBaseSchema>;

export function envelopeSchema<T extends string, P extends z.ZodType>(type: T, payload: P) {
  return EnvelopeBaseSchema.extend({ type: z.literal(type), payload });
}

/** What lands on a DLQ: why it failed, where it came from, and the original bytes. */
export const DeadLetterSchema = z.object({
  reason: z.string().min(1),
  sourceTopic: z.string().min(1),
  failedAt: z.iso.datetime({ offset: true }),
  tenantId: z.string().optional(),
  key: z.string().nullable(),
  /** The original message value, as received (UTF-8); only its start when `truncated` is set. */
  raw: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /**
   * Set when the original was too large to copy whole into a Kafka message: its size, its digest,
   * and where it stays readable (its source partition and offset) until that topic's retention.
   */
  truncated: z
    .object({
      bytes: z.int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      partition: z.int().min(0),
      offset: z.string().regex(/^\d+$/),
    })
    .optional(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
