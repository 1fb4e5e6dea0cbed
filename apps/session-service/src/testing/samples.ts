// Test support: the contract's sample night (Asleep contract 9) as domain inputs.
import { parseAsleepWebhook, type SleepData } from '@sleep/contracts';
import { sampleSessionComplete, sampleUserId } from '@sleep/contracts/testing';

export { sampleUserId };

/** 9.2's SESSION_COMPLETE data, parsed, without `user_id`: a SleepData in UTC. */
export function sampleSleepData(): SleepData {
  const parsed = parseAsleepWebhook(structuredClone(sampleSessionComplete));
  if (!parsed.success || parsed.data.event !== 'SESSION_COMPLETE')
    throw new Error('sample does not parse');
  const { user_id: _userId, ...data } = parsed.data.data;
  return data;
}
