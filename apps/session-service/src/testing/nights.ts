// Test support: variants of the contract's sample night at other times and ids.
import type { SleepData } from '@sleep/contracts';
import { formatInstant } from '@sleep/sleep-metrics';
import type { FinalDelivery } from '../domain/night';
import { sampleSleepData } from './samples';

/** The sample night (7260 s), started at `startIso`; its stat keeps the sample's datetimes. */
export function sampleNightAt(startIso: string, sessionId: string): SleepData {
  const data = sampleSleepData();
  const startMs = Date.parse(startIso);
  const utc = (ms: number) => formatInstant(ms, 'UTC');
  return {
    ...data,
    session: {
      ...data.session,
      id: sessionId,
      start_time: utc(startMs),
      end_time: utc(startMs + 7_260_000),
    },
  };
}

export function finalDelivery(data: SleepData, userId: string, tenantId = 'acme'): FinalDelivery {
  return {
    kind: 'final',
    tenantId,
    userId,
    sessionId: data.session.id,
    receivedAtMs: Date.now(),
    data,
  };
}
