import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kafka } from 'kafkajs';
import { asAccessDenied } from './kafka-access';

/**
 * Whether a consumer reading a topic from its start has reached where the topic ended when it
 * booted: a service that keeps a compacted topic in memory is ready only then.
 */
export class CatchUp {
  private constructor(private readonly pending: Map<number, bigint>) {}

  /** The topic's end offsets now. A topic created a moment ago can answer NOT_LEADER: retried. */
  static async atBoot(kafka: Kafka, topic: string): Promise<CatchUp> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const ends = await admin.fetchTopicOffsets(topic);
          return new CatchUp(
            new Map(
              ends
                .filter((end) => Number(end.high) > Number(end.low))
                .map((end) => [end.partition, BigInt(end.high)]),
            ),
          );
        } catch (error) {
          if (attempt >= 20 || (error as { retriable?: boolean }).retriable !== true)
            throw asAccessDenied(error, `reading the offsets of ${topic}`);
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * attempt)));
        }
      }
    } finally {
      await admin.disconnect();
    }
  }

  get caughtUp(): boolean {
    return this.pending.size === 0;
  }

  /** For a consumer's `afterBatch`: true once, for the batch that caught up. */
  advance({ partition, lastOffset }: { partition: number; lastOffset: string }): boolean {
    const end = this.pending.get(partition);
    if (end === undefined || BigInt(lastOffset) + 1n < end) return false;
    this.pending.delete(partition);
    return this.pending.size === 0;
  }
}

/** A group id of this replica alone (`<prefix><host>-<pid>-<random>`): it reads every message. */
export const replicaGroupId = (prefix: string): string =>
  `${prefix}${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
