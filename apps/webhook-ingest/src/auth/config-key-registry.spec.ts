import { ConfigKeyRegistry } from './config-key-registry';

describe('ConfigKeyRegistry', () => {
  const registry = new ConfigKeyRegistry([
    { tenantId: 'acme', key: 'acme-key-2024' },
    { tenantId: 'acme', key: 'acme-key-2025' },
    { tenantId: 'globex', key: 'globex-key' },
  ]);

  it('finds the tenant of every active key, several per tenant during a rotation', () => {
    expect(registry.tenantFor('acme-key-2024')).toBe('acme');
    expect(registry.tenantFor('acme-key-2025')).toBe('acme');
    expect(registry.tenantFor('globex-key')).toBe('globex');
  });

  it.each([
    '',
    'acme-key-202',
    'acme-key-20245',
    ' acme-key-2024',
    'ACME-KEY-2024',
    'globex-key\n',
    'x'.repeat(10_000),
  ])('refuses %j', (key) => expect(registry.tenantFor(key)).toBeUndefined());

  it('refuses everything when no key is configured', () => {
    expect(new ConfigKeyRegistry([]).tenantFor('anything')).toBeUndefined();
  });
});
