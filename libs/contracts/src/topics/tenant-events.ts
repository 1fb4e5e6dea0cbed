import { z } from 'zod';
import { EnvelopeBaseSchema } from './envelope';

export const TENANT_UPDATED = 'platform.tenant.updated';

/** A tenant's id: a lower-case slug, safe in URLs, logs and metric labels. */
export const TenantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'Tenant ids are 2-63 lower-case letters, digits and dashes');
export type TenantId = z.infer<typeof TenantIdSchema>;

/**
 * One Asleep API key a tenant's webhooks may carry in `x-api-key` (Asleep contract 5.1), as the
 * SHA-256 of the key: enough to recognise it, useless to call Asleep with. Keys never travel on
 * Kafka in any form that can be turned back into the key.
 */
export const TenantWebhookKeySchema = z.object({
  /** Lower-case hex SHA-256 of the key's UTF-8 bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Null for the current key; a replaced key is accepted until then, for sessions uploaded with it. */
  validUntil: z.iso.datetime({ offset: true }).nullable(),
});
export type TenantWebhookKey = z.infer<typeof TenantWebhookKeySchema>;

/** What every service may know about a tenant: never the key itself. */
export const TenantStateSchema = z.object({
  tenantId: TenantIdSchema,
  name: z.string().min(1).max(200),
  /** Grows with every change; a consumer keeps the state with the highest revision. */
  revision: z.int().min(1),
  /** The current key first; at most one replaced key still in its grace period. */
  webhookKeys: z.array(TenantWebhookKeySchema).min(1).max(2),
  defaultTimezone: z.string().min(1).max(64),
});
export type TenantState = z.infer<typeof TenantStateSchema>;

/**
 * The value of `platform.tenants.v1` messages: the whole current state of one tenant, keyed by
 * tenant id (the envelope's `key` is the tenant id on this topic), so compaction keeps the latest.
 * Consumers build their registry by reading the topic from the beginning.
 */
export const TenantUpdatedSchema = EnvelopeBaseSchema.extend({
  type: z.literal(TENANT_UPDATED),
  version: z.literal(1),
  key: TenantIdSchema,
  payload: TenantStateSchema,
});
export type TenantUpdated = z.infer<typeof TenantUpdatedSchema>;
