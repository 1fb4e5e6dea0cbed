/**
 * Which tenant an `x-api-key` belongs to. Asleep sends no signature, so the key it echoes is
 * the only proof of origin (Asleep contract 5.1). Configuration feeds it today; a tenant
 * registry (platform.tenants.v1) can feed it later without touching the webhook path.
 */
export interface WebhookKeyRegistry {
  /** The tenant of an active key, or undefined. Must not reveal by its timing which key is close. */
  tenantFor(apiKey: string): string | undefined;
  /** Why a known tenant's webhooks are refused (an operator disabled it), or undefined. */
  refusalOf?(tenantId: string): string | undefined;
}

export const WEBHOOK_KEY_REGISTRY = Symbol('WEBHOOK_KEY_REGISTRY');
