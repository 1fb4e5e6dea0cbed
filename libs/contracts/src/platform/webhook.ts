import { z } from 'zod';
import { ChangeSchema, ChangeTypeSchema } from './change';

export const WebhookEndpointIdSchema = z
  .string()
  .regex(/^ep_[A-Za-z0-9]{16,40}$/, 'An endpoint id as webhooks.endpoints.create returned it');

/** `webhook-id` of a message: the same on every attempt and replay, for receivers to deduplicate. */
export const WebhookMessageIdSchema = z
  .string()
  .regex(/^msg_[A-Za-z0-9]{16,40}$/, 'A delivery id as webhooks.deliveries.list returned it');

export const WebhookEndpointStatusSchema = z.enum(['enabled', 'disabled']);

/** Why an endpoint is disabled: by an admin, or by the platform after sustained failure. */
export const WebhookDisabledReasonSchema = z.enum(['manual', 'failing']);

/** A tenant's receiver of outbound webhooks. Its secrets are shown once, never listed. */
export const WebhookEndpointSchema = z.object({
  id: WebhookEndpointIdSchema,
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(ChangeTypeSchema),
  status: WebhookEndpointStatusSchema,
  disabledReason: WebhookDisabledReasonSchema.nullable(),
  /** Until then the replaced secret signs too (a second signature in `webhook-signature`). */
  previousSecretExpiresAt: z.iso.datetime({ offset: true }).nullable(),
  /** Failed attempts since the last success, and since when. */
  consecutiveFailures: z.int().min(0),
  failingSince: z.iso.datetime({ offset: true }).nullable(),
  lastSuccessAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const WebhookDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatusSchema>;

/** One HTTP attempt of a delivery. */
export const WebhookAttemptSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  /** The receiver's HTTP status; null when no answer came (timeout, refused, DNS). */
  statusCode: z.int().nullable(),
  latencyMs: z.int().min(0),
  outcome: z.enum(['success', 'failure']),
  /** Why it failed, in a few words (never the receiver's body). */
  error: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

/** One change on its way to one endpoint, with its attempts (newest last). */
export const WebhookDeliverySchema = z.object({
  id: WebhookMessageIdSchema,
  endpointId: WebhookEndpointIdSchema,
  type: ChangeTypeSchema,
  occurredAt: z.iso.datetime({ offset: true }),
  status: WebhookDeliveryStatusSchema,
  /** Pending: when the next attempt is due. */
  nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
  attempts: z.array(WebhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

/**
 * The body of every message (Standard Webhooks' recommended envelope): `type`, `timestamp` and
 * `data`, the change itself: ids and state only, never health data.
 */
export const WebhookPayloadSchema = z.object({
  type: ChangeTypeSchema,
  timestamp: z.iso.datetime({ offset: true }),
  data: ChangeSchema,
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;
