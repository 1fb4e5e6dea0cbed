import type { Admin } from 'kafkajs';

export interface PartitionLag {
  partition: number;
  /** The group's committed offset, or null when it has committed nothing yet. */
  committed: string | null;
  end: string;
  lag: number;
}

/** Lag of a consumer group on one topic from committed offsets, e.g. for a scrape-time gauge. */
export async function consumerGroupLag(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<PartitionLag[]> {
  const [committed, ends] = await Promise.all([
    admin.fetchOffsets({ groupId, topics: [topic] }),
    admin.fetchTopicOffsets(topic),
  ]);
  const byPartition = new Map(
    (committed.find((entry) => entry.topic === topic)?.partitions ?? []).map((p) => [
      p.partition,
      p.offset,
    ]),
  );
  return ends
    .map(({ partition, offset, low }) => {
      const raw = byPartition.get(partition);
      const position = raw === undefined || raw === '-1' ? null : raw;
      // With nothing committed the group starts at the earliest retained offset (fromBeginning).
      const from = BigInt(position ?? low);
      return { partition, committed: position, end: offset, lag: Number(BigInt(offset) - from) };
    })
    .sort((a, b) => a.partition - b.partition);
}
