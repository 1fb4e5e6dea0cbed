import type { AnalyticsRules, SessionEvent } from '@sleep/contracts';
import { type NightlyFact, nightlyFact, type SkipReason } from './nightly-fact';

export type FactIntent =
  | { kind: 'upsert'; key: string; version: number; fact: NightlyFact }
  | {
      kind: 'skip';
      key: string;
      version: number;
      tenantId: string;
      userId: string;
      sessionId: string;
      reason: SkipReason;
    }
  | {
      kind: 'delete';
      key: string;
      version: number;
      tenantId: string;
      userId: string;
      sessionId: string;
    };

export const factKey = (tenantId: string, userId: string, sessionId: string) =>
  `${tenantId}\u0000${userId}\u0000${sessionId}`;

/**
 * What a batch of session events means for the facts: per session only the highest version
 * counts (a deletion included), so any order or duplication of the same events gives the same
 * intents. Progress events carry no finished night and are passed over. `rulesOf` gives a
 * tenant's analytics rules (the defaults when it gives none).
 */
export function factIntents(
  events: readonly SessionEvent[],
  rulesOf: (tenantId: string) => AnalyticsRules | undefined = () => undefined,
): FactIntent[] {
  const byKey = new Map<string, FactIntent>();
  const keep = (intent: FactIntent) => {
    const current = byKey.get(intent.key);
    if (!current || intent.version > current.version) byKey.set(intent.key, intent);
  };
  for (const event of events) {
    if (event.type === 'sleep.session.progressed') continue;
    const { userId, sessionId, version } = event.payload;
    const ref = { tenantId: event.tenantId, userId, sessionId };
    const key = factKey(event.tenantId, userId, sessionId);
    if (event.type === 'sleep.session.deleted') {
      keep({ kind: 'delete', key, version, ...ref });
      continue;
    }
    const outcome = nightlyFact(event.tenantId, event.payload, rulesOf(event.tenantId));
    keep(
      outcome.kind === 'fact'
        ? { kind: 'upsert', key, version, fact: outcome.fact }
        : { kind: 'skip', key, version, ...ref, reason: outcome.reason },
    );
  }
  return [...byKey.values()];
}
