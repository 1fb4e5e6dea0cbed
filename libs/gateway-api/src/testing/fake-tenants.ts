import { createHash } from 'node:crypto';
import { AsleepClient, isAsleepError } from '@sleep/asleep-client';
import { testAsleepClientOptions } from '@sleep/asleep-client/testing';
import { AlreadyExistsError } from '../errors/already-exists';
import type {
  NewTenant,
  Tenant,
  TenantDirectory,
  TenantLifecycle,
  TenantSettingsPatch,
} from '../ports/tenants.port';

/**
 * Timeouts a loaded test machine meets: the simulator answers in microseconds, but a busy CI
 * host can stall a process for longer than the half second of the default test options.
 */
const LOADED_MACHINE = { timeouts: { requestMs: 5_000, totalMs: 15_000, connectMs: 5_000 } };

/** Tenants in memory; each tenant's Asleep client points at the given (simulated) Asleep. */
export class FakeTenants implements TenantDirectory {
  readonly keys = new Map<string, string>();
  private readonly tenants = new Map<string, Tenant>();
  private readonly clients = new Map<string, AsleepClient>();

  constructor(private readonly asleepUrl: string) {}

  async get(tenantId: string) {
    return this.tenants.get(tenantId) ?? null;
  }
  async list() {
    return [...this.tenants.values()];
  }
  async create(tenant: NewTenant): Promise<Tenant> {
    if (this.tenants.has(tenant.id)) throw new AlreadyExistsError(tenant.id);
    const now = new Date().toISOString();
    this.tenants.set(tenant.id, {
      id: tenant.id,
      name: tenant.name,
      defaultTimezone: tenant.defaultTimezone,
      keyFingerprint: '',
      keyRotatedAt: now,
      createdAt: now,
      revision: 0,
      status: 'active',
      statusReason: null,
    });
    return this.rotateKey(tenant.id, tenant.asleepApiKey);
  }
  async updateSettings(tenantId: string, patch: TenantSettingsPatch): Promise<Tenant> {
    const tenant = this.tenants.get(tenantId)!;
    const updated = { ...tenant, ...patch, revision: tenant.revision + 1 };
    this.tenants.set(tenantId, updated);
    return updated;
  }
  async rotateKey(tenantId: string, asleepApiKey: string): Promise<Tenant> {
    this.keys.set(tenantId, asleepApiKey);
    void this.clients.get(tenantId)?.close();
    this.clients.delete(tenantId);
    const tenant = this.tenants.get(tenantId)!;
    const keyFingerprint = createHash('sha256').update(asleepApiKey).digest('hex').slice(0, 12);
    const updated = { ...tenant, keyFingerprint, revision: tenant.revision + 1 };
    this.tenants.set(tenantId, updated);
    return updated;
  }
  async asleep(tenantId: string): Promise<AsleepClient> {
    let client = this.clients.get(tenantId);
    if (!client) {
      client = new AsleepClient(
        testAsleepClientOptions(this.asleepUrl, this.keys.get(tenantId)!, LOADED_MACHINE),
      );
      this.clients.set(tenantId, client);
    }
    return client;
  }
  /** Asks the simulated Asleep for a user that cannot exist: 404 means the key is accepted. */
  async verifyAsleepKey(asleepApiKey: string): Promise<boolean> {
    const probe = new AsleepClient(
      testAsleepClientOptions(this.asleepUrl, asleepApiKey, LOADED_MACHINE),
    );
    try {
      await probe.getUser('G-key-check');
      return true;
    } catch (error) {
      if (isAsleepError(error) && error.kind === 'not_found') return true;
      if (isAsleepError(error) && (error.kind === 'unauthorized' || error.kind === 'forbidden'))
        return false;
      throw error;
    } finally {
      await probe.close();
    }
  }
  async setStatus(tenantId: string, status: TenantLifecycle, reason: string | null) {
    const tenant = this.tenants.get(tenantId)!;
    const updated = { ...tenant, status, statusReason: reason, revision: tenant.revision + 1 };
    this.tenants.set(tenantId, updated);
    return updated;
  }
  async remove(tenantId: string): Promise<void> {
    this.tenants.delete(tenantId);
    this.keys.delete(tenantId);
  }
  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }
}
