import { DeadLetterSchema, type DeadLetter } from '@sleep/contracts';

export interface ReplayFilter {
  reason?: string;
  /** Only dead letters that failed at or after this time. */
  since?: Date;
}

export interface ReplaySelection {
  replays: { topic: string; key: string | null; value: string }[];
  /** Dead letters read, by reason (all of them, matched or not). */
  byReason: Record<string, number>;
  unreadable: number;
  /**
   * Selected dead letters too large to have been copied whole: not replayed from the DLQ; the
   * original is at its source position (`truncated.partition`/`offset`) until that topic's retention.
   */
  truncated: { topic: string; partition: number; offset: string; bytes: number }[];
}

/** Which dead letters go back to their source topic, as the original key and value. */
export function selectReplays(values: (Buffer | null)[], filter: ReplayFilter): ReplaySelection {
  const selection: ReplaySelection = {
    replays: [],
    byReason: {},
    unreadable: 0,
    truncated: [],
  };
  for (const value of values) {
    let letter: DeadLetter;
    try {
      const parsed = DeadLetterSchema.safeParse(JSON.parse(value?.toString('utf8') ?? ''));
      if (!parsed.success) throw parsed.error;
      letter = parsed.data;
    } catch {
      selection.unreadable += 1;
      continue;
    }
    selection.byReason[letter.reason] = (selection.byReason[letter.reason] ?? 0) + 1;
    if (filter.reason && letter.reason !== filter.reason) continue;
    if (filter.since && new Date(letter.failedAt) < filter.since) continue;
    if (letter.truncated) {
      const { partition, offset, bytes } = letter.truncated;
      selection.truncated.push({ topic: letter.sourceTopic, partition, offset, bytes });
      continue;
    }
    selection.replays.push({ topic: letter.sourceTopic, key: letter.key, value: letter.raw });
  }
  return selection;
}
