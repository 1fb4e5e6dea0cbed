import { Inject, Injectable } from '@nestjs/common';
import { TENANT_UPDATED, type TenantUpdated, TenantUpdatedSchema, Topics } from '@sleep/contracts';
import { BatchingProducer, type MessageSigner } from '@sleep/messaging';
import { EVENT_SIGNER } from '../gateway.tokens';
import type { TenantRow } from './tenant.repository';

/**
 * Publishes a tenant's whole state to the compacted `platform.tenants.v1` (keyed by tenant id):
 * key digests for webhook-ingest, the key sealed under TENANT_KEK for services entitled to
 * call Asleep for the tenant. The plain key never reaches Kafka.
 */
@Injectable()
export class TenantAnnouncer {
  constructor(
    private readonly producer: BatchingProducer,
    @Inject(EVENT_SIGNER) private readonly signer: MessageSigner,
  ) {}

  /** Signed: consumers apply only tenant states the gateway announced. */
  async announce(rows: readonly TenantRow[], now = new Date()): Promise<void> {
    if (rows.length === 0) return;
    const messages = rows.map((row) => {
      const value = JSON.stringify(TenantUpdatedSchema.parse(tenantUpdated(row, now)));
      return {
        key: row.id,
        value,
        headers: this.signer.headers(Topics.tenants.name, row.id, value),
      };
    });
    await this.producer.publish(Topics.tenants.name, messages);
  }

  /**
   * The tenant's last state: deleted, one revision on, without its sealed key. Consumers forget
   * its keys; compaction keeps this state, so a consumer reading from the start forgets it too.
   */
  async announceDeleted(row: TenantRow, now = new Date()): Promise<void> {
    const last = tenantUpdated(row, now);
    const { asleepApiKey: _, ...payload } = last.payload;
    const event = TenantUpdatedSchema.parse({
      ...last,
      eventId: `${row.id}@${row.revision + 1}`,
      occurredAt: now.toISOString(),
      payload: { ...payload, revision: row.revision + 1, status: 'deleted', statusReason: null },
    });
    await this.producer.publish(Topics.tenants.name, [
      { key: row.id, value: JSON.stringify(event) },
    ]);
  }
}

export function tenantUpdated(row: TenantRow, now: Date): TenantUpdated {
  const { previousKeySha256, previousKeyValidUntil } = row;
  const previous =
    previousKeySha256 && previousKeyValidUntil && previousKeyValidUntil > now
      ? [{ sha256: previousKeySha256, validUntil: previousKeyValidUntil.toISOString() }]
      : [];
  return {
    eventId: `${row.id}@${row.revision}`,
    type: TENANT_UPDATED,
    version: 1,
    occurredAt: row.updatedAt.toISOString(),
    tenantId: row.id,
    key: row.id,
    payload: {
      tenantId: row.id,
      name: row.name,
      revision: row.revision,
      webhookKeys: [{ sha256: row.apiKeySha256, validUntil: null }, ...previous],
      defaultTimezone: row.defaultTimezone,
      asleepApiKey: row.apiKeySealed,
      // A tenant being deleted is refused like a disabled one until it is gone.
      status: row.status === 'active' ? 'active' : 'disabled',
      statusReason: row.status === 'deleting' ? 'being deleted' : row.statusReason,
    },
  };
}
