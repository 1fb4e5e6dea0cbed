import { KnownPeculiaritySchema } from '@sleep/contracts';
import type { Epoch } from './night';

const ORDER: readonly string[] = KnownPeculiaritySchema.options;
const rank = (label: string) => (ORDER.includes(label) ? ORDER.indexOf(label) : ORDER.length);

/**
 * Labels of a night still OPEN or CLOSED (Asleep contract 7.4): IN_PROGRESS, and
 * NO_BREATHING_STABILITY while no breathing epoch arrived. Other labels are kept.
 */
export function openPeculiarities(
  current: readonly string[],
  breath: readonly Epoch[] | null,
): string[] {
  const labels = new Set(current);
  labels.add('IN_PROGRESS');
  if (breath?.some((value) => value !== null)) labels.delete('NO_BREATHING_STABILITY');
  else labels.add('NO_BREATHING_STABILITY');
  return [...labels].sort((a, b) => rank(a) - rank(b));
}
