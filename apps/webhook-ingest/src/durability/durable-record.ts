/** One Kafka message that must not be lost: sent now, or spooled and sent later. */
export interface DurableRecord {
  topic: string;
  /** The Asleep user id: one user's events stay in order on one partition. */
  key: string;
  value: Buffer;
  headers?: Record<string, string>;
}

/** Where a record became durable: acknowledged by Kafka, or fsynced to the local spool. */
export type Durability = 'kafka' | 'spool';
