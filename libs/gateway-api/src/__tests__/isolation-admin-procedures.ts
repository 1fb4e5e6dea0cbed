import {
  ACME_EXPORT,
  acmeEndpoint,
  drain,
  operatorOnly,
  tenantAdminOnly,
  webhookAttacks,
  type ProcedureTable,
} from './isolation-attacks';

/** The tenant's settings, audit log, webhooks, change feed, research exports and the platform. */
export const ADMIN_PROCEDURES: ProcedureTable = {
  'tenant.updateSettings': {
    call: (c) => c.tenant.updateSettings({ name: 'Pwned' }),
    attacks: tenantAdminOnly,
  },
  'tenant.rotateKey': {
    call: (c) => c.tenant.rotateKey({ asleepApiKey: 'sk-attacker-0000' }),
    attacks: tenantAdminOnly,
  },
  'tenant.usage': {
    call: (c) => c.tenant.usage({ from: '2025-01-01', to: '2025-01-02' }),
    attacks: tenantAdminOnly,
  },
  'org.settings.get': {
    call: (c) => c.org.settings.get(),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  'org.settings.update': {
    call: (c) => c.org.settings.update({ minGroupSize: 50, retentionDays: 1 }),
    attacks: tenantAdminOnly,
  },
  'org.settings.history': {
    call: (c) => c.org.settings.history({}),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  // Names acme's log: only acme's admins and operators may read it.
  'audit.list': {
    call: (c) => c.audit.list({ tenantId: 'acme' }),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'ana', expect: 'FORBIDDEN' },
      { who: 'gadmin', expect: 'FORBIDDEN' },
    ],
  },
  // acme's endpoint, named by others: only acme's admins reach it; another tenant's admin finds nothing.
  'webhooks.endpoints.create': {
    call: (c) =>
      c.webhooks.endpoints.create({
        url: 'https://attacker.example/hook',
        eventTypes: ['session.completed'],
      }),
    attacks: tenantAdminOnly,
  },
  'webhooks.endpoints.list': { call: (c) => c.webhooks.endpoints.list(), attacks: tenantAdminOnly },
  'webhooks.endpoints.get': {
    call: (c) => c.webhooks.endpoints.get({ endpointId: acmeEndpoint.id }),
    attacks: webhookAttacks,
  },
  'webhooks.endpoints.update': {
    call: (c) =>
      c.webhooks.endpoints.update({
        endpointId: acmeEndpoint.id,
        url: 'https://attacker.example/hook',
      }),
    attacks: webhookAttacks,
  },
  'webhooks.endpoints.delete': {
    call: (c) => c.webhooks.endpoints.delete({ endpointId: acmeEndpoint.id }),
    attacks: webhookAttacks,
  },
  'webhooks.endpoints.rotateSecret': {
    call: (c) => c.webhooks.endpoints.rotateSecret({ endpointId: acmeEndpoint.id }),
    attacks: webhookAttacks,
  },
  'webhooks.deliveries.list': {
    call: (c) => c.webhooks.deliveries.list({ endpointId: acmeEndpoint.id }),
    attacks: webhookAttacks,
  },
  'webhooks.replay': {
    call: (c) =>
      c.webhooks.replay({
        endpointId: acmeEndpoint.id,
        from: '2025-01-01T00:00:00Z',
        to: '2025-01-02T00:00:00Z',
      }),
    attacks: webhookAttacks,
  },
  // The feed names no tenant or user: it answers with what the caller may see (checked below).
  'sync.changes': {
    call: (c) => c.sync.changes({}),
    attacks: [{ who: 'olga', expect: 'FORBIDDEN' }],
  },
  'sync.live': {
    call: (c) => drain(c.sync.live({})),
    attacks: [{ who: 'olga', expect: 'FORBIDDEN' }],
  },
  // Names no tenant: an admin of another tenant creates one of their own (no attack, not listed).
  'exports.research.create': {
    call: (c) => c.exports.research.create({ from: '2025-03-01', to: '2025-03-31' }),
    attacks: tenantAdminOnly,
  },
  'exports.research.get': {
    call: (c) => c.exports.research.get({ exportId: ACME_EXPORT }),
    attacks: [...tenantAdminOnly, { who: 'gadmin', expect: 'NOT_FOUND' }],
  },
  'platform.tenants.create': {
    call: (c) =>
      c.platform.tenants.create({ id: 'evil', name: 'Evil', asleepApiKey: 'sk-attacker-0000' }),
    attacks: operatorOnly,
  },
  'platform.tenants.list': { call: (c) => c.platform.tenants.list(), attacks: operatorOnly },
  'platform.tenants.rotateKey': {
    call: (c) =>
      c.platform.tenants.rotateKey({ tenantId: 'acme', asleepApiKey: 'sk-attacker-0000' }),
    attacks: operatorOnly,
  },
  'platform.tenants.disable': {
    call: (c) => c.platform.tenants.disable({ tenantId: 'acme', reason: 'pwned' }),
    attacks: operatorOnly,
  },
  'platform.tenants.enable': {
    call: (c) => c.platform.tenants.enable({ tenantId: 'acme' }),
    attacks: operatorOnly,
  },
  'platform.tenants.delete': {
    call: (c) => c.platform.tenants.delete({ tenantId: 'acme' }),
    attacks: operatorOnly,
  },
};
