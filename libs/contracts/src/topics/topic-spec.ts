import { z } from 'zod';

/** How a topic is declared: created idempotently by the services at startup. */
export const TopicSpecSchema = z.object({
  name: z.string().regex(/^[a-z0-9.-]+\.v\d+$/),
  partitions: z.number().int().positive(),
  /** -1 keeps records forever (compacted topics). */
  retentionMs: z.number().int().min(-1),
  cleanupPolicy: z.enum(['delete', 'compact']),
  /** The topic that receives this topic's messages that cannot be processed. */
  dlq: z.string().optional(),
});
export type TopicSpec = z.infer<typeof TopicSpecSchema>;
