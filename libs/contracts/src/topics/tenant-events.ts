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
 * SHA-256 of the key: enough for webhook-ingest to recognise it, useless to call Asleep with.
 */
export const TenantWebhookKeySchema = z.object({
  /** Lower-case hex SHA-256 of the key's UTF-8 bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Null for the current key; a replaced key is accepted until then, for sessions uploaded with it. */
  validUntil: z.iso.datetime({ offset: true }).nullable(),
});
export type TenantWebhookKey = z.infer<typeof TenantWebhookKeySchema>;

/**
 * A secret sealed with AES-256-GCM under a key-encryption key (KEK) that only the services
 * entitled to the secret hold. `kid` names the KEK (first 8 hex digits of its SHA-256), so
 * secrets sealed before a KEK rotation stay readable with the previous KEK.
 */
export const SealedSecretSchema = z.object({
  alg: z.literal('A256GCM'),
  kid: z.string().regex(/^[0-9a-f]{8}$/),
  /** Base64 of the 12-byte nonce, the ciphertext and the 16-byte authentication tag. */
  iv: z.base64(),
  ciphertext: z.base64(),
  tag: z.base64(),
});
export type SealedSecret = z.infer<typeof SealedSecretSchema>;

/**
 * A tenant's lifecycle: `disabled` by an operator (webhooks answered 401, API refused, data
 * kept), `deleted` once every store and Asleep forgot its data (its keys are then forgotten too).
 */
export const TenantStatusSchema = z.enum(['active', 'disabled', 'deleted']);
export type TenantStatus = z.infer<typeof TenantStatusSchema>;

/** What every service may know about a tenant: never the plain key. */
export const TenantStateSchema = z.object({
  tenantId: TenantIdSchema,
  name: z.string().min(1).max(200),
  /** Grows with every change; a consumer keeps the state with the highest revision. */
  revision: z.int().min(1),
  /** The current key first; at most one replaced key still in its grace period. */
  webhookKeys: z.array(TenantWebhookKeySchema).min(1).max(2),
  defaultTimezone: z.string().min(1).max(64),
  /**
   * The current Asleep key sealed under TENANT_KEK with the tenant id as associated data, for
   * services that call Asleep on the tenant's behalf (session-service: deletes, recovery).
   * Absent when the publisher shares it with nobody.
   */
  asleepApiKey: SealedSecretSchema.optional(),
  /** Absent in states announced before lifecycles existed: active. */
  status: TenantStatusSchema.default('active'),
  /** The operator's reason for disabling, for the logs of those who refuse the tenant. */
  statusReason: z.string().max(500).nullable().default(null),
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
