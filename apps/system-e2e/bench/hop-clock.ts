// Where a night's latency goes: the Kafka timestamps of its webhook on `asleep.webhooks.v1`
// (ingest produced it) and of its `completed` event on `sleep.sessions.v1` (the outbox relay
// published it), beside the bench's clock (POST, SSE, read). The topics are read once the timed
// phase is over, from where they ended when it began: a live reader would add its fetches to
// the broker's work and its parsing to the bench's during the very phase it times.
import { Topics } from '@sleep/contracts';
import type { Kafka } from '@sleep/messaging';
import { readFrom, topicEnds } from '@sleep/testkit';

export interface HopClock {
  /** Reads the topics up to their ends now: when each session's webhook was produced by ingest, and when its `completed` event was published by session-service (epoch ms). */
  read(): Promise<{ produced: Map<string, number>; published: Map<string, number> }>;
}

const sessionIdOfWebhook = (value: string): string | undefined =>
  (JSON.parse(value) as { payload?: { data?: { session?: { id?: string } } } }).payload?.data
    ?.session?.id;

const completedSessionId = (value: string): string | undefined => {
  const event = JSON.parse(value) as { type?: string; payload?: { sessionId?: string } };
  return event.type === 'sleep.session.completed' ? event.payload?.sessionId : undefined;
};

async function timestamps(
  kafka: Kafka,
  topic: string,
  from: Map<number, string>,
  sessionIdOf: (value: string) => string | undefined,
): Promise<Map<string, number>> {
  const to = await topicEnds(kafka, topic);
  let count = 0;
  for (const [partition, end] of to) count += Number(end) - Number(from.get(partition) ?? end);
  const at = new Map<string, number>();
  if (count === 0) return at;
  const messages = await readFrom(kafka, topic, from, {
    until: (read) => read.length >= count,
    timeoutMs: 120_000,
  });
  for (const { value, timestamp } of messages) {
    const sessionId = value ? sessionIdOf(value) : undefined;
    if (sessionId) at.set(sessionId, Number(timestamp));
  }
  return at;
}

export async function startHopClock(kafka: Kafka): Promise<HopClock> {
  const webhooks = Topics.asleepWebhooks.name;
  const sessions = Topics.sleepSessions.name;
  const from = {
    webhooks: await topicEnds(kafka, webhooks),
    sessions: await topicEnds(kafka, sessions),
  };
  return {
    read: async () => ({
      produced: await timestamps(kafka, webhooks, from.webhooks, sessionIdOfWebhook),
      published: await timestamps(kafka, sessions, from.sessions, completedSessionId),
    }),
  };
}
