import { createHash } from 'node:crypto';
import { TENANT_UPDATED, Topics } from '@sleep/contracts';
import { type BatchingProducer, DEV_EVENT_SIGNING_SEED, MessageSigner } from '@sleep/messaging';
import { DEV_TENANT_KEK, parseKek, sealSecret } from '@sleep/service-kit';

/**
 * Announces a tenant's Asleep key as the gateway does (development KEK and signing key): sealed
 * on `platform.tenants.v1`, signed. session-service takes tenants' keys from nowhere else.
 */
export async function announceTenantKey(
  producer: BatchingProducer,
  tenantId: string,
  asleepApiKey: string,
): Promise<void> {
  const revision = Date.now();
  const value = JSON.stringify({
    eventId: `${tenantId}@${revision}`,
    type: TENANT_UPDATED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: tenantId,
    payload: {
      tenantId,
      name: tenantId,
      revision,
      webhookKeys: [
        { sha256: createHash('sha256').update(asleepApiKey).digest('hex'), validUntil: null },
      ],
      defaultTimezone: 'UTC',
      asleepApiKey: sealSecret(asleepApiKey, parseKek(DEV_TENANT_KEK), tenantId),
    },
  });
  const topic = Topics.tenants.name;
  const headers = new MessageSigner(DEV_EVENT_SIGNING_SEED).headers(topic, tenantId, value);
  await producer.publish(topic, { key: tenantId, value, headers });
}
