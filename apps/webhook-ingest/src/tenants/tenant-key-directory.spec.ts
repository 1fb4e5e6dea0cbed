import { createHash } from 'node:crypto';
import type { TenantStatus } from '@sleep/contracts';
import { firstMatch, TenantKeyDirectory } from './tenant-key-directory';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const state = (
  revision: number,
  keys: [string, string | null][],
  status: TenantStatus = 'active',
  statusReason: string | null = null,
) => ({
  tenantId: 'acme',
  name: 'Acme',
  revision,
  defaultTimezone: 'UTC',
  webhookKeys: keys.map(([key, validUntil]) => ({ sha256: sha256(key), validUntil })),
  status,
  statusReason,
});

describe('TenantKeyDirectory (keys from platform.tenants.v1)', () => {
  it('knows a tenant by the digest of its key, and a rotated one during its grace period only', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const directory = new TenantKeyDirectory(() => now);
    directory.apply(state(1, [['key-one', null]]));
    expect(directory.tenantFor('key-one')).toBe('acme');
    expect(directory.tenantFor('key-two')).toBeUndefined();
    directory.apply(
      state(2, [
        ['key-two', null],
        ['key-one', '2026-01-02T00:00:00Z'],
      ]),
    );
    expect(directory.tenantFor('key-two')).toBe('acme');
    expect(directory.tenantFor('key-one')).toBe('acme');
    now = Date.parse('2026-01-02T00:00:01Z');
    expect(directory.tenantFor('key-one')).toBeUndefined();
  });

  it('ignores an older revision and drops keys a newer one no longer lists', () => {
    const directory = new TenantKeyDirectory();
    directory.apply(state(3, [['key-three', null]]));
    expect(directory.apply(state(2, [['key-two', null]]))).toBe(false);
    expect(directory.tenantFor('key-two')).toBeUndefined();
    directory.apply(state(4, [['key-four', null]]));
    expect(directory.tenantFor('key-three')).toBeUndefined();
  });

  it('refuses a disabled tenant with its reason, accepts it again once enabled, forgets a deleted one for good', () => {
    const directory = new TenantKeyDirectory();
    directory.apply(state(1, [['key-one', null]]));
    expect(directory.refusalOf('acme')).toBeUndefined();
    directory.apply(state(2, [['key-one', null]], 'disabled', 'unpaid invoice'));
    expect(directory.tenantFor('key-one')).toBe('acme');
    expect(directory.refusalOf('acme')).toBe('tenant disabled: unpaid invoice');
    directory.apply(state(3, [['key-one', null]]));
    expect(directory.refusalOf('acme')).toBeUndefined();
    directory.apply(state(4, [['key-one', null]], 'deleted'));
    expect(directory.tenantFor('key-one')).toBeUndefined();
    // A periodic re-announcement read before the deletion arrives after it: ignored.
    expect(directory.apply(state(3, [['key-one', null]]))).toBe(false);
    expect(directory.tenantFor('key-one')).toBeUndefined();
  });

  it('lets configured keys answer first', () => {
    const directory = new TenantKeyDirectory();
    directory.apply(state(1, [['shared', null]]));
    const registry = firstMatch(
      { tenantFor: (key) => (key === 'shared' ? 'from-config' : undefined) },
      directory,
    );
    expect(registry.tenantFor('shared')).toBe('from-config');
    // A configured key of a tenant an operator disabled is refused all the same.
    directory.apply({
      ...state(2, [['other', null]], 'disabled', 'audit'),
      tenantId: 'from-config',
    });
    expect(registry.refusalOf?.('from-config')).toBe('tenant disabled: audit');
  });
});
