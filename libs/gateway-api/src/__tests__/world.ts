import { type AsleepSim, startAsleepSim } from '@sleep/asleep-sim';
import type { Principal } from '../auth/principal';
import { createTestGateway, type TestGateway } from '../testing';

export const KEY_ACME = 'sk-acme-0123456789abcdef';
export const KEY_GLOBEX = 'sk-globex-0123456789abcdef';
/** A key Asleep issued too, for rotations. */
export const KEY_ACME_NEXT = 'sk-acme-next-0123456789abcdef';

export interface Victim {
  appUserId: string;
  asleepUserId: string;
  sessionId: string;
}

export interface World {
  sim: AsleepSim;
  gateway: TestGateway;
  as: Record<'alice' | 'bob' | 'ana' | 'adam' | 'galice' | 'gadmin' | 'olga', Principal>;
  /** Acme's bob: every attack aims at his data. */
  victim: Victim;
  /** Acme's alice, whose app user id globex has too (`galice`): one id, two tenants, no crossing. */
  acmeAlice: Victim;
  globexAlice: Victim;
  stop(): Promise<void>;
}

const principal = (tenantId: string, appUserId: string, role: Principal['role']): Principal => ({
  tenantId,
  appUserId,
  role,
});

/** Two tenants on one simulated Asleep, users mapped through the real procedures, one stored night each. */
export async function buildWorld(): Promise<World> {
  const sim = await startAsleepSim({ apiKeys: [KEY_ACME, KEY_GLOBEX, KEY_ACME_NEXT], seed: 11 });
  const gateway = createTestGateway(sim.url);
  await gateway.tenants.create({
    id: 'acme',
    name: 'Acme',
    defaultTimezone: 'Asia/Seoul',
    asleepApiKey: KEY_ACME,
  });
  await gateway.tenants.create({
    id: 'globex',
    name: 'Globex',
    defaultTimezone: 'UTC',
    asleepApiKey: KEY_GLOBEX,
  });
  const as = {
    alice: principal('acme', 'alice', 'member'),
    bob: principal('acme', 'bob', 'member'),
    ana: principal('acme', 'ana', 'analyst'),
    adam: principal('acme', 'adam', 'admin'),
    galice: principal('globex', 'alice', 'member'),
    gadmin: principal('globex', 'gadmin', 'admin'),
    olga: principal('platform', 'olga', 'operator'),
  };
  const withNight = async (who: Principal, apiKey: string): Promise<Victim> => {
    const { asleepUserId } = await gateway
      .caller(who)
      .users.create({ metadata: { birth_year: 1990, gender: 'male' } });
    const night = sim.generateNight({
      userId: asleepUserId,
      date: '2025-03-10',
      timezone: 'Asia/Seoul',
    });
    sim.state.addSession(night, { apiKey });
    const stored = sim.sessionData(night.sessionId, { apiKey, timezone: 'UTC' })!;
    gateway.sessions.put(
      { tenantId: who.tenantId, asleepUserId, sessionId: night.sessionId },
      stored,
    );
    return { appUserId: who.appUserId, asleepUserId, sessionId: night.sessionId };
  };
  const victim = await withNight(as.bob, KEY_ACME);
  const acmeAlice = await withNight(as.alice, KEY_ACME);
  const globexAlice = await withNight(as.galice, KEY_GLOBEX);
  return {
    sim,
    gateway,
    as,
    victim,
    acmeAlice,
    globexAlice,
    stop: async () => {
      await gateway.close();
      await sim.stop();
    },
  };
}
