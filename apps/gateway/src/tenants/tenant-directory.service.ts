import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AsleepClient } from '@sleep/asleep-client';
import {
  AlreadyExistsError,
  gatewayError,
  LruCache,
  type NewTenant,
  type Tenant,
  type TenantDirectory,
  type TenantLifecycle,
  type TenantSettingsPatch,
} from '@sleep/gateway-api';
import { ASLEEP_CLIENTS, KEY_VAULT } from '../gateway.tokens';
import type { AsleepClients } from './tenant-asleep-clients';
import { TenantAnnouncer } from './tenant-announcer';
import { keyDigest, keyFingerprint, type TenantKeyVault } from './tenant-key-sealing';
import { KeyOfAnotherTenantError, type TenantRow, TenantRepository } from './tenant.repository';

const keyTaken = () =>
  gatewayError('CONFLICT', 'This Asleep API key is registered to another tenant');

/** The repository's key conflict as the caller's error; anything else unchanged. */
async function orKeyTaken<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof KeyOfAnotherTenantError ? keyTaken() : error;
  }
}

/** Replicas see each other's changes within this long (the local one's at once). */
const CACHE_TTL_MS = 5_000;

interface CachedTenant {
  row: TenantRow;
  view: Tenant;
}

/** Tenants in Postgres with sealed keys; every change announced on Kafka before it resolves. */
@Injectable()
export class TenantDirectoryService implements TenantDirectory, OnApplicationShutdown {
  private readonly cache = new LruCache<CachedTenant>(10_000, CACHE_TTL_MS);
  private readonly loading = new Map<string, Promise<CachedTenant | null>>();
  /** Counts changes made through this replica, so a lookup started before one does not undo it. */
  private changes = 0;

  constructor(
    private readonly repository: TenantRepository,
    private readonly announcer: TenantAnnouncer,
    @Inject(KEY_VAULT) private readonly vault: TenantKeyVault,
    @Inject(ASLEEP_CLIENTS) private readonly clients: AsleepClients,
  ) {}

  async get(tenantId: string): Promise<Tenant | null> {
    return (await this.cached(tenantId))?.view ?? null;
  }

  async list(): Promise<Tenant[]> {
    return (await this.repository.list()).map(tenantView);
  }

  async create(tenant: NewTenant): Promise<Tenant> {
    const digest = keyDigest(tenant.asleepApiKey);
    if (await this.repository.keyInUseByAnother(digest, tenant.id)) throw keyTaken();
    const row = await orKeyTaken(
      this.repository.insert({
        id: tenant.id,
        name: tenant.name,
        defaultTimezone: tenant.defaultTimezone,
        apiKeySealed: this.vault.seal(tenant.id, tenant.asleepApiKey),
        apiKeySha256: digest,
      }),
    );
    if (row) return this.announced(row);
    // A retried create (its announcement failed) succeeds again; another tenant's id does not.
    const existing = await this.repository.find(tenant.id);
    if (
      existing?.apiKeySha256 !== keyDigest(tenant.asleepApiKey) ||
      existing.name !== tenant.name
    ) {
      throw new AlreadyExistsError(`tenant ${tenant.id}`);
    }
    return this.announced(existing);
  }

  async updateSettings(tenantId: string, patch: TenantSettingsPatch): Promise<Tenant> {
    return this.announced(await this.updated(tenantId, patch));
  }

  async rotateKey(tenantId: string, asleepApiKey: string, graceSeconds: number): Promise<Tenant> {
    const current = await this.repository.find(tenantId);
    if (!current) throw gatewayError('NOT_FOUND', 'Tenant not found');
    const digest = keyDigest(asleepApiKey);
    // The same key again (a retried call) changes nothing, but is announced again.
    if (digest === current.apiKeySha256) return this.announced(current);
    if (await this.repository.keyInUseByAnother(digest, tenantId)) throw keyTaken();
    const now = new Date();
    return this.announced(
      await this.updated(tenantId, {
        apiKeySealed: this.vault.seal(tenantId, asleepApiKey),
        apiKeySha256: digest,
        previousKeySha256: current.apiKeySha256,
        previousKeyValidUntil: new Date(now.getTime() + graceSeconds * 1000),
        keyRotatedAt: now,
      }),
    );
  }

  verifyAsleepKey(asleepApiKey: string): Promise<boolean> {
    return this.clients.accepts(asleepApiKey);
  }

  async setStatus(
    tenantId: string,
    status: TenantLifecycle,
    reason: string | null,
  ): Promise<Tenant> {
    return this.announced(await this.updated(tenantId, { status, statusReason: reason }));
  }

  /** Announced as deleted first: should removing the rows fail, the retry announces it again. */
  async remove(tenantId: string): Promise<void> {
    const row = await this.repository.find(tenantId);
    if (!row) return;
    try {
      await this.announcer.announceDeleted(row);
    } catch {
      throw gatewayError('SERVICE_UNAVAILABLE', 'The deletion could not be announced; retry it', {
        retryAfterMs: 2_000,
      });
    }
    await this.repository.remove(tenantId);
    this.changed(tenantId);
    this.cache.delete(tenantId);
  }

  async asleep(tenantId: string): Promise<AsleepClient> {
    const row = (await this.cached(tenantId))?.row;
    if (!row) throw gatewayError('NOT_FOUND', 'Tenant not found');
    return this.clients.get(tenantId, row.apiKeySha256, () =>
      this.vault.open(tenantId, row.apiKeySealed),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.clients.closeAll();
  }

  /**
   * Concurrent misses of one tenant share one query: when an entry expires under load, every
   * request of that tenant in flight would otherwise ask for a connection of its own at once.
   */
  private cached(tenantId: string): Promise<CachedTenant | null> {
    const cached = this.cache.get(tenantId);
    if (cached) return Promise.resolve(cached);
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    const started = this.changes;
    const loading: Promise<CachedTenant | null> = this.repository
      .find(tenantId)
      .then((row) => {
        if (!row) return null;
        const entry = { row, view: tenantView(row) };
        // A change made here while the query ran is newer than what it read.
        if (this.changes === started) this.cache.set(tenantId, entry);
        return entry;
      })
      .finally(() => {
        if (this.loading.get(tenantId) === loading) this.loading.delete(tenantId);
      });
    this.loading.set(tenantId, loading);
    return loading;
  }

  /** A change made here: lookups already under way read what it replaced. */
  private changed(tenantId: string): void {
    this.changes += 1;
    this.loading.delete(tenantId);
  }

  private async updated(
    tenantId: string,
    change: Parameters<TenantRepository['update']>[1],
  ): Promise<TenantRow> {
    const row = await orKeyTaken(this.repository.update(tenantId, change));
    if (!row) throw gatewayError('NOT_FOUND', 'Tenant not found');
    return row;
  }

  /** Stored, then on Kafka: a failed publish is an error the caller retries (and boot re-announces). */
  private async announced(row: TenantRow): Promise<Tenant> {
    this.changed(row.id);
    this.cache.set(row.id, { row, view: tenantView(row) });
    try {
      await this.announcer.announce([row]);
    } catch {
      throw gatewayError(
        'SERVICE_UNAVAILABLE',
        'Saved, but not yet announced to the platform; retry',
        {
          retryAfterMs: 2_000,
        },
      );
    }
    return tenantView(row);
  }
}

export function tenantView(row: TenantRow): Tenant {
  return {
    id: row.id,
    name: row.name,
    defaultTimezone: row.defaultTimezone,
    keyFingerprint: keyFingerprint(row.apiKeySha256),
    keyRotatedAt: row.keyRotatedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    revision: row.revision,
    status: row.status,
    statusReason: row.statusReason,
  };
}
