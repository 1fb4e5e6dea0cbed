import { z } from 'zod';
import { AsleepSessionIdSchema, AsleepUserIdSchema } from './common';
import { orNull, printableText } from './schema-helpers';
import { AsleepSessionSchema, SleepDataSchema } from './session';
import { BreathStagesSchema, SleepStagesSchema, SnoringStagesSchema } from './stages';
import { normaliseAsleepWebhookBody } from './webhook-normalise';

/** Asleep contract 5.4. V2 bodies carry no `snoring_stages`. */
export const InferenceCompleteDataSchema = z.object({
  user_id: AsleepUserIdSchema,
  session_id: AsleepSessionIdSchema,
  /** The uploaded audio chunk (one 30 s epoch) that triggered the analysis. */
  seq_num: z.int().min(0),
  /** 5-minute window index; with `session_id`, the dedupe key. */
  inference_seq_num: z.int().min(0),
  /** The epochs analysed since the previous delivery, ending at window `inference_seq_num`. */
  sleep_stages: SleepStagesSchema,
  breath_stages: orNull(BreathStagesSchema),
  snoring_stages: orNull(SnoringStagesSchema),
});
export type InferenceCompleteData = z.infer<typeof InferenceCompleteDataSchema>;

/**
 * Asleep contract 5.5: the Get-Session result plus `user_id`. The session id is read from
 * `session.id`, falling back to a top-level `session_id`; it always ends up in `session.id`.
 */
export const SessionCompleteDataSchema = SleepDataSchema.extend({
  user_id: AsleepUserIdSchema,
  session_id: AsleepSessionIdSchema.optional(),
  session: AsleepSessionSchema.extend({ id: AsleepSessionIdSchema.optional() }),
}).transform(({ session_id, session, ...data }, ctx) => {
  const id = session.id ?? session_id;
  if (id === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['session', 'id'],
      message: 'Missing session id (session.id or session_id)',
    });
    return z.NEVER;
  }
  if (session_id !== undefined && session_id !== id) {
    ctx.addIssue({
      code: 'custom',
      path: ['session_id'],
      message: 'session_id differs from session.id',
    });
    return z.NEVER;
  }
  return { ...data, session: { ...session, id } };
});
export type SessionCompleteData = z.infer<typeof SessionCompleteDataSchema>;

/** V1/V2/V3; informational only, since bodies are normalised to one shape. */
const versionSchema = orNull(printableText('version', 16));

export const InferenceCompleteWebhookSchema = z.object({
  event: z.literal('INFERENCE_COMPLETE'),
  version: versionSchema,
  data: InferenceCompleteDataSchema,
});
export type InferenceCompleteWebhook = z.infer<typeof InferenceCompleteWebhookSchema>;

export const SessionCompleteWebhookSchema = z.object({
  event: z.literal('SESSION_COMPLETE'),
  version: versionSchema,
  data: SessionCompleteDataSchema,
});
export type SessionCompleteWebhook = z.infer<typeof SessionCompleteWebhookSchema>;

/** A V3 body `{event, version, data}`, with no legacy key handling. */
export const AsleepWebhookV3Schema = z.discriminatedUnion('event', [
  InferenceCompleteWebhookSchema,
  SessionCompleteWebhookSchema,
]);

/** Any Asleep webhook body (V3, or V2 key names), normalised to the V3 shape. */
export const AsleepWebhookSchema = z.preprocess(normaliseAsleepWebhookBody, AsleepWebhookV3Schema);
export type AsleepWebhook = z.infer<typeof AsleepWebhookSchema>;

/** Safe-parse a received webhook body; issue paths use the V3 names (`data.sleep_stages.3`). */
export function parseAsleepWebhook(body: unknown): z.ZodSafeParseResult<AsleepWebhook> {
  return AsleepWebhookSchema.safeParse(body);
}

export function asleepWebhookSessionId(webhook: AsleepWebhook): string {
  return webhook.event === 'INFERENCE_COMPLETE' ? webhook.data.session_id : webhook.data.session.id;
}

/** Asleep contract 5.4/5.5: Asleep sends no event id, so redeliveries are told apart by these. */
export function asleepWebhookDedupeKey(webhook: AsleepWebhook): string {
  const sessionId = asleepWebhookSessionId(webhook);
  return webhook.event === 'INFERENCE_COMPLETE'
    ? `${sessionId}:INFERENCE_COMPLETE:${webhook.data.inference_seq_num}`
    : `${sessionId}:SESSION_COMPLETE`;
}
