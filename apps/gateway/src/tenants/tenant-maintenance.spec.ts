import { randomBytes } from 'node:crypto';
import type { AuditEntryInput } from '@sleep/contracts';
import type { DatabaseHandle } from '@sleep/persistence';
import type { Logger } from 'pino';
import type { AuditLogRepository } from '../audit/audit-log.repository';
import type { TenantAnnouncer } from './tenant-announcer';
import { TenantKeyVault } from './tenant-key-sealing';
import { TenantMaintenance } from './tenant-maintenance';
import type { TenantRepository, TenantRow } from './tenant.repository';

describe('TenantMaintenance: KEK rotation', () => {
  it('re-seals keys still under the previous KEK and records each in the audit log, never the key', async () => {
    const oldKek = randomBytes(32);
    const newKek = randomBytes(32);
    const key = 'sk-live-kek-rotation-0123456789';
    const rows = [
      { id: 'acme', apiKeySealed: new TenantKeyVault(oldKek).seal('acme', key) },
      { id: 'globex', apiKeySealed: new TenantKeyVault(newKek).seal('globex', key) },
    ] as TenantRow[];
    const resealed: string[] = [];
    const repository = {
      list: async () => rows,
      reseal: async (id: string) => {
        resealed.push(id);
        return true;
      },
    } as unknown as TenantRepository;
    const entries: AuditEntryInput[] = [];
    const audit = {
      record: async (entry: AuditEntryInput) => void entries.push(entry),
    } as unknown as AuditLogRepository;
    const maintenance = new TenantMaintenance(
      repository,
      {} as TenantAnnouncer,
      new TenantKeyVault(newKek, [oldKek]),
      {} as DatabaseHandle,
      { error: () => undefined } as unknown as Logger,
      audit,
    );

    expect(await maintenance.resealStale()).toBe(1);
    expect(resealed).toEqual(['acme']);
    expect(entries).toEqual([
      {
        tenantId: 'acme',
        actor: { kind: 'service', id: 'gateway' },
        action: 'platform.kek.rotate',
        target: { kind: 'tenant', id: 'acme' },
        outcome: 'success',
        details: { kid: expect.any(String), previousKid: rows[0].apiKeySealed.kid },
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain(key);
  });
});
