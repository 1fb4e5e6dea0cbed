import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags this service needs that NODE_OPTIONS does not accept, set before anything else loads.
 *
 * `--no-allocation-site-pretenuring`: V8 allocates objects straight in the old generation when
 * enough of those from one allocation site survived a young collection. A webhook's request
 * state lives until Kafka acknowledges it, so a slow stretch (a broker warming up, a burst) can
 * tip sites into old-space allocation for good: one ingest process in three then collected its
 * old generation every ~100 ms (300 mark-compacts where 60 is usual) and cost 300-370 µs of CPU
 * a webhook instead of 180-240 (the ingest bench, README). Nothing it holds lives long enough to
 * gain from pretenuring. The semi-space size is the other half of keeping young collections
 * frequent enough for the off-heap memory a webhook leaves (docs/operations.md).
 */
export const SERVICE_V8_FLAGS = ['--no-allocation-site-pretenuring'] as const;

export function applyServiceV8Flags(set: (flags: string) => void = setFlagsFromString): void {
  for (const flag of SERVICE_V8_FLAGS) set(flag);
}

applyServiceV8Flags();
