import { hash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from './api-keys-env.schema';
import type { WebhookKeyRegistry } from './webhook-key-registry';

// One-shot hashing: about a quarter of the cost of createHash().update().digest().
const digest = (value: string) => hash('sha256', value, 'buffer');

/**
 * Keys from configuration, kept only as SHA-256 digests. Comparing fixed-length digests with
 * timingSafeEqual, and always against every key, makes the time independent of the key sent.
 */
export class ConfigKeyRegistry implements WebhookKeyRegistry {
  private readonly entries: { tenantId: string; digest: Buffer }[];

  constructor(keys: readonly ApiKeyEntry[]) {
    this.entries = keys.map(({ tenantId, key }) => ({ tenantId, digest: digest(key) }));
  }

  get size(): number {
    return this.entries.length;
  }

  tenantFor(apiKey: string): string | undefined {
    const presented = digest(apiKey);
    let tenantId: string | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(presented, entry.digest) && tenantId === undefined)
        tenantId = entry.tenantId;
    }
    return tenantId;
  }
}
