import type { GatewayCaller } from '../testing';
import type { Victim, World } from './world';

/**
 * The attackers of the tenant-isolation table (OWASP API1, broken object-level authorization):
 * every procedure, called by someone who must not reach acme's bob.
 */
export type Expected = 'FORBIDDEN' | 'NOT_FOUND';
export interface Attack {
  who: keyof World['as'];
  expect: Expected;
}
export type Call = (caller: GatewayCaller, victim: Victim) => Promise<unknown>;
export type ProcedureTable = Record<string, { call: Call; attacks: Attack[] }>;

/** A research export of acme's, created before the attacks. */
export const ACME_EXPORT = '6d1c3a52-8a0e-4c1b-9f5e-2b7d4e9a1c30';
/** acme's webhook endpoint, registered before the attacks (its id is known only then). */
export const acmeEndpoint = { url: 'https://hooks.acme.example/sleep', id: '' };
export const WINDOW = { startDate: '2025-03-01', endDate: '2025-03-31' };
export const drain = async (subscription: Promise<AsyncIterable<unknown>>) => {
  for await (const event of await subscription) return event;
};

/**
 * A member of the same tenant, the admin of another tenant naming bob, an operator; an analyst
 * too where the procedure changes data.
 */
export const cross = (extra: Attack[] = []): Attack[] => [
  { who: 'alice', expect: 'FORBIDDEN' },
  { who: 'gadmin', expect: 'NOT_FOUND' },
  { who: 'olga', expect: 'FORBIDDEN' },
  ...extra,
];
export const analystWrites: Attack = { who: 'ana', expect: 'FORBIDDEN' };
export const tenantAdminOnly: Attack[] = [
  { who: 'alice', expect: 'FORBIDDEN' },
  { who: 'ana', expect: 'FORBIDDEN' },
  { who: 'olga', expect: 'FORBIDDEN' },
];
export const webhookAttacks: Attack[] = [
  ...tenantAdminOnly,
  { who: 'gadmin', expect: 'NOT_FOUND' },
];
export const operatorOnly: Attack[] = [
  { who: 'adam', expect: 'FORBIDDEN' },
  { who: 'gadmin', expect: 'FORBIDDEN' },
  { who: 'alice', expect: 'FORBIDDEN' },
];

/** One row per procedure and attacker, for `it.each`. */
export const attackRows = <C>(table: Record<string, { call: C; attacks: Attack[] }>) =>
  Object.entries(table).flatMap(([procedure, { call, attacks }]) =>
    attacks.map((attack) => ({ procedure, call, ...attack })),
  );
