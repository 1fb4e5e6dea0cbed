import { chance, Rng, shuffled } from '../random/prng';
import type { WebhookDelivery } from './deliveries';

/** Delivery faults a receiver must survive; Asleep documents neither retries nor ordering (contract 5.1). */
export interface InjectionOptions {
  /** Probability that a delivery is sent twice in a row. */
  readonly duplicates?: number;
  /** `window`: shuffle runs of `reorderWindow` consecutive deliveries; `all`: shuffle a night's whole list. */
  readonly reorder?: 'none' | 'window' | 'all';
  readonly reorderWindow?: number;
  /** A share of deliveries held back `ms` real milliseconds, sent out of line. */
  readonly delay?: { readonly probability: number; readonly ms: number };
  /** Deliveries never sent. */
  readonly drop?: (delivery: WebhookDelivery) => boolean;
  readonly dropSessionComplete?: (userId: string, sessionId: string) => boolean;
}

export interface PlannedSend {
  readonly delivery: WebhookDelivery;
  /** When to send, in ms after the session start: a slot of the original schedule. */
  readonly atOffsetMs: number;
  readonly duplicate: boolean;
  readonly extraDelayMs: number;
}

function reorder(
  rng: Rng,
  deliveries: readonly WebhookDelivery[],
  options: InjectionOptions,
): WebhookDelivery[] {
  if (options.reorder === 'all') return shuffled(rng, deliveries);
  if (options.reorder !== 'window') return [...deliveries];
  const size = Math.max(2, options.reorderWindow ?? 4);
  const out: WebhookDelivery[] = [];
  for (let i = 0; i < deliveries.length; i += size) {
    out.push(...shuffled(rng, deliveries.slice(i, i + size)));
  }
  return out;
}

/** What the player sends for one night, and what it drops; deterministic for a given `rng`. */
export function planSends(
  deliveries: readonly WebhookDelivery[],
  options: InjectionOptions,
  rng: Rng,
): { sends: PlannedSend[]; dropped: WebhookDelivery[] } {
  const isDropped = (delivery: WebhookDelivery) =>
    (options.drop?.(delivery) ?? false) ||
    (delivery.event === 'SESSION_COMPLETE' &&
      (options.dropSessionComplete?.(delivery.userId, delivery.sessionId) ?? false));
  const dropped = deliveries.filter(isDropped);
  const kept = deliveries.filter((delivery) => !dropped.includes(delivery));
  // Reordering permutes deliveries over the original time slots, so the cadence stays realistic.
  const slots = kept.map((delivery) => delivery.offsetMs);
  const sends: PlannedSend[] = [];
  reorder(rng, kept, options).forEach((delivery, i) => {
    const extraDelayMs =
      options.delay && chance(rng, options.delay.probability) ? options.delay.ms : 0;
    sends.push({ delivery, atOffsetMs: slots[i], duplicate: false, extraDelayMs });
    if (options.duplicates && chance(rng, options.duplicates)) {
      sends.push({ delivery, atOffsetMs: slots[i], duplicate: true, extraDelayMs });
    }
  });
  return { sends, dropped };
}
