import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AsleepClient, isAsleepError } from '@sleep/asleep-client';
import { METRICS_REGISTRY, ROOT_LOGGER, SERVICE_CONFIG } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../config';
import { TENANT_KEYS, type TenantKeys } from './tenant-key-source';

export class MissingTenantKeyError extends Error {
  override readonly name = 'MissingTenantKeyError';
  constructor(readonly tenantId: string) {
    super(`no Asleep API key is configured for tenant ${tenantId}`);
  }
}

/** One client per tenant (its own key), sharing the app's metrics registry; closed on shutdown. */
@Injectable()
export class AsleepClients implements OnApplicationShutdown {
  private readonly clients = new Map<string, { key: string; client: AsleepClient }>();

  constructor(
    @Inject(TENANT_KEYS) private readonly keys: TenantKeys,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** Throws MissingTenantKeyError when the tenant has no key. */
  for(tenantId: string): AsleepClient {
    const key = this.keys.keyFor(tenantId);
    if (key === undefined) throw new MissingTenantKeyError(tenantId);
    const known = this.clients.get(tenantId);
    if (known?.key === key) return known.client;
    // A rotated key gets a fresh client; the old one finishes its calls and is closed.
    if (known) void known.client.close();
    const client = new AsleepClient({
      baseUrl: this.config.ASLEEP_BASE_URL,
      apiKey: key,
      registry: this.registry,
      logger: this.logger.child({ tenantId, component: 'asleep-client' }),
    });
    this.clients.set(tenantId, { key, client });
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map(({ client }) => client.close()));
    this.clients.clear();
  }
}

/** Rate limits and outages pass; anything else is an answer a retry will not change. */
export function isPassingFailure(error: unknown): boolean {
  return isAsleepError(error) && (error.kind === 'rate_limited' || error.kind === 'unavailable');
}
