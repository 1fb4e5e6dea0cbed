import type { Logger } from 'pino';
import type { StatMismatch } from '../domain/stat-check';
import type { SessionMetrics } from './session.metrics';

/** Asleep stays authoritative, but a disagreement with sleep-metrics is never silent. */
export function reportStatMismatches(
  metrics: SessionMetrics,
  logger: Logger,
  sessionId: string,
  mismatches: readonly StatMismatch[] | undefined,
): void {
  if (!mismatches?.length) return;
  for (const { field } of mismatches) metrics.statMismatches.inc({ field });
  logger.warn(
    { sessionId, mismatches },
    "Asleep's stat disagrees with sleep-metrics; stored as Asleep sent it",
  );
}
