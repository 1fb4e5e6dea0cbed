import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import type { TRPCError } from '@trpc/server';
import type { AsleepClients } from './tenant-asleep-clients';
import type { TenantAnnouncer } from './tenant-announcer';
import { TenantDirectoryService } from './tenant-directory.service';
import { keyDigest, TenantKeyVault } from './tenant-key-sealing';
import { TenantMaintenance } from './tenant-maintenance';
import { TenantRepository } from './tenant.repository';
import { AuditLogRepository } from '../audit/audit-log.repository';

const kek = () => randomBytes(32);
const silent = { info: () => undefined, error: () => undefined, warn: () => undefined };
const announcer = { announce: async () => undefined } as unknown as TenantAnnouncer;
const clients = {} as AsleepClients;

describe('tenant keys in Postgres', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let repository: TenantRepository;
  let directory: TenantDirectoryService;
  const oldKek = kek();
  const newKek = kek();

  beforeAll(async () => {
    database = await createTestDatabase('gateway_tenant_keys');
    handle = await openDatabase({ url: database.url, schema: 'gateway' });
    await migrateDatabase(handle, { migrationsFolder: join(__dirname, '../migrations') });
    repository = new TenantRepository(handle);
    directory = new TenantDirectoryService(
      repository,
      announcer,
      new TenantKeyVault(oldKek),
      clients,
    );
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  const tenant = (id: string, asleepApiKey: string) => ({
    id,
    name: id,
    defaultTimezone: 'UTC',
    asleepApiKey,
  });
  const code = (error: unknown) => (error as TRPCError).code;

  it("refuses another tenant's Asleep key, current or still in its grace period", async () => {
    await directory.create(tenant('acme', 'sk-acme-1'));
    const taken = await directory.create(tenant('globex', 'sk-acme-1')).catch((e: unknown) => e);
    expect(code(taken)).toBe('CONFLICT');
    await directory.create(tenant('globex', 'sk-globex-1'));
    expect(code(await directory.rotateKey('globex', 'sk-acme-1', 60).catch((e) => e))).toBe(
      'CONFLICT',
    );
    // acme's replaced key still authenticates its webhooks for a while: nobody else's yet.
    await directory.rotateKey('acme', 'sk-acme-2', 3600);
    expect(code(await directory.rotateKey('globex', 'sk-acme-1', 60).catch((e) => e))).toBe(
      'CONFLICT',
    );
    // A retried create of the same tenant with its own key still succeeds.
    await expect(directory.create(tenant('globex', 'sk-globex-1'))).resolves.toMatchObject({
      id: 'globex',
    });
  });

  it('keeps the database from holding one key for two tenants, whatever the caller checked', async () => {
    const row = (id: string) => ({
      id,
      name: id,
      defaultTimezone: 'UTC',
      apiKeySealed: new TenantKeyVault(oldKek).seal(id, 'sk-shared'),
      apiKeySha256: keyDigest('sk-shared'),
    });
    await repository.insert(row('initech'));
    await expect(repository.insert(row('umbrella'))).rejects.toThrow(/another tenant/);
  });

  it('re-seals under a new KEK without overwriting a rotation that landed in between', async () => {
    await directory.create(tenant('hooli', 'sk-hooli-old'));
    const stale = (await repository.find('hooli'))!;
    // The KEK changes; a rotation (on another replica) stores a new key before the re-seal writes.
    const vault = new TenantKeyVault(newKek, [oldKek]);
    await new TenantDirectoryService(repository, announcer, vault, clients).rotateKey(
      'hooli',
      'sk-hooli-new',
      60,
    );
    const list = repository.list.bind(repository);
    jest.spyOn(repository, 'list').mockImplementationOnce(async () => {
      const rows = await list();
      return rows.map((r) => (r.id === 'hooli' ? stale : r));
    });
    const maintenance = new TenantMaintenance(
      repository,
      announcer,
      vault,
      handle,
      silent as never,
      new AuditLogRepository(handle),
    );
    await maintenance.resealStale();
    const after = (await repository.find('hooli'))!;
    expect(after.apiKeySha256).toBe(keyDigest('sk-hooli-new'));
    expect(vault.open('hooli', after.apiKeySealed)).toBe('sk-hooli-new');
    // Without a concurrent change, a stale seal is re-sealed under the current KEK.
    await maintenance.resealStale();
    expect(vault.isStale((await repository.find('acme'))!.apiKeySealed)).toBe(false);
  });

  it('reads a tenant once for every lookup under way at the same time, and keeps a change made meanwhile', async () => {
    await directory.create(tenant('wayne', 'sk-wayne-1'));
    const fresh = new TenantDirectoryService(
      repository,
      announcer,
      new TenantKeyVault(oldKek),
      clients,
    );
    const readRow = repository.find.bind(repository);
    const find = jest.spyOn(repository, 'find');
    try {
      const views = await Promise.all(Array.from({ length: 20 }, () => fresh.get('wayne')));
      expect(find).toHaveBeenCalledTimes(1);
      expect(new Set(views.map((view) => view?.id))).toEqual(new Set(['wayne']));
      // A lookup that read the row before a change made here does not put the old row back.
      const other = new TenantDirectoryService(
        repository,
        announcer,
        new TenantKeyVault(oldKek),
        clients,
      );
      let release = () => undefined as void;
      let wasRead = () => undefined as void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const read = new Promise<void>((resolve) => (wasRead = resolve));
      find.mockImplementationOnce(async (id) => {
        const row = await readRow(id);
        wasRead();
        await held;
        return row;
      });
      const lookup = other.get('wayne');
      await read;
      await other.updateSettings('wayne', { defaultTimezone: 'Asia/Seoul' });
      release();
      expect((await lookup)?.defaultTimezone).toBe('UTC');
      expect((await other.get('wayne'))?.defaultTimezone).toBe('Asia/Seoul');
    } finally {
      find.mockRestore();
    }
  });
});
