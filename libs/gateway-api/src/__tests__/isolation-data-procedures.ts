import {
  analystWrites,
  cross,
  drain,
  tenantAdminOnly,
  WINDOW,
  type ProcedureTable,
} from './isolation-attacks';

/** Users, their nights, statistics and analytics: the procedures that name a user's data. */
export const DATA_PROCEDURES: ProcedureTable = {
  // Another tenant's admin naming "bob" creates a bob of their own: no attack, so not listed.
  'users.create': {
    call: (c, v) => c.users.create({ appUserId: v.appUserId }),
    attacks: cross([analystWrites]).filter((attack) => attack.who !== 'gadmin'),
  },
  'users.get': { call: (c, v) => c.users.get({ appUserId: v.appUserId }), attacks: cross() },
  'users.update': {
    call: (c, v) => c.users.update({ appUserId: v.appUserId, metadata: { birth_year: 1901 } }),
    attacks: cross([analystWrites]),
  },
  'users.delete': {
    call: (c, v) => c.users.delete({ appUserId: v.appUserId }),
    attacks: cross([analystWrites]),
  },
  'users.tags.set': {
    call: (c, v) => c.users.tags.set({ appUserId: v.appUserId, tags: ['arm:control'] }),
    attacks: cross([analystWrites]),
  },
  // Tenant statistics name no tenant: they answer about the caller's own (checked below).
  'org.stats': {
    call: (c) => c.org.stats({ period: 'month', from: '2025-03-01' }),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  'org.breakdown': {
    call: (c) => c.org.breakdown({ period: 'month', from: '2025-03-01', dimensions: ['gender'] }),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  'users.list': {
    call: (c) => c.users.list({}),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  'sessions.get': {
    call: (c, v) => c.sessions.get({ appUserId: v.appUserId, sessionId: v.sessionId }),
    attacks: cross(),
  },
  'sessions.list': {
    call: (c, v) => c.sessions.list({ appUserId: v.appUserId }),
    attacks: cross(),
  },
  'sessions.delete': {
    call: (c, v) => c.sessions.delete({ appUserId: v.appUserId, sessionId: v.sessionId }),
    attacks: cross([analystWrites]),
  },
  'sessions.live': {
    call: (c, v) => drain(c.sessions.live({ appUserId: v.appUserId })),
    attacks: cross(),
  },
  'stats.average': {
    call: (c, v) => c.stats.average({ appUserId: v.appUserId, ...WINDOW }),
    attacks: cross(),
  },
  'analytics.score': {
    call: (c, v) => c.analytics.score({ appUserId: v.appUserId, sessionId: v.sessionId }),
    attacks: cross(),
  },
  'analytics.nights': {
    call: (c, v) =>
      c.analytics.nights({ appUserId: v.appUserId, from: '2025-03-01', to: '2025-03-31' }),
    attacks: cross(),
  },
  'analytics.average': {
    call: (c, v) => c.analytics.average({ appUserId: v.appUserId, ...WINDOW }),
    attacks: cross(),
  },
  'analytics.regularity': {
    call: (c, v) =>
      c.analytics.regularity({ appUserId: v.appUserId, from: '2025-03-01', to: '2025-03-31' }),
    attacks: cross(),
  },
  'analytics.trends': {
    call: (c, v) =>
      c.analytics.trends({
        appUserId: v.appUserId,
        from: '2025-03-01',
        to: '2025-03-31',
        metric: 'score',
      }),
    attacks: cross(),
  },
  'analytics.reports.list': {
    call: (c, v) => c.analytics.reports.list({ appUserId: v.appUserId }),
    attacks: cross(),
  },
  'analytics.reports.get': {
    call: (c, v) =>
      c.analytics.reports.get({ appUserId: v.appUserId, kind: 'week', day: '2025-03-05' }),
    attacks: cross(),
  },
  'analytics.insights': {
    call: (c, v) => c.analytics.insights({ appUserId: v.appUserId }),
    attacks: cross(),
  },
  'analytics.live.reports': {
    call: (c, v) => drain(c.analytics.live.reports({ appUserId: v.appUserId })),
    attacks: cross(),
  },
  'analytics.live.insights': {
    call: (c, v) => drain(c.analytics.live.insights({ appUserId: v.appUserId })),
    attacks: cross(),
  },
  'analytics.setScoreWeights': {
    call: (c) =>
      c.analytics.setScoreWeights({
        weights: {
          duration: 100,
          efficiency: 0,
          continuity: 0,
          latency: 0,
          timing: 0,
          restoration: 0,
        },
      }),
    attacks: tenantAdminOnly,
  },
  'analytics.rules': { call: (c) => c.analytics.rules(), attacks: tenantAdminOnly },
  'analytics.setRules': {
    call: (c) =>
      c.analytics.setRules({
        rules: { sleepDayRule: 'noon-anchor', timezone: 'UTC', freeDays: [1] },
      }),
    attacks: tenantAdminOnly,
  },
};
