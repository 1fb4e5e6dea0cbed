import { z } from 'zod';
import { EnvelopeBaseSchema } from './envelope';

/** A message of a topic as a consumer sees it: an event it knows, or another type it passes over. */
export type TopicMessage<E> = { kind: 'event'; event: E } | { kind: 'other'; type: string };

/**
 * A known event type must match its schema (else the DLQ); a type the consumer does not use yet
 * is passed over, so a producer may add events without breaking it.
 */
export function tolerantTopicMessage<E>(known: readonly string[], schema: z.ZodType<E>) {
  const types = new Set(known);
  return EnvelopeBaseSchema.transform((base, ctx): TopicMessage<E> => {
    if (!types.has(base.type)) return { kind: 'other', type: base.type };
    const parsed = schema.safeParse(base);
    if (parsed.success) return { kind: 'event', event: parsed.data };
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  });
}
