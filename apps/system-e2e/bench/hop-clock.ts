// Where a night's latency goes: the Kafka timestamps of its webhook on `asleep.webhooks.v1`
// (ingest produced it) and of its `completed` event on `sleep.sessions.v1` (the outbox relay
// published it), read by a consumer of the bench's own, beside the bench's clock (POST, SSE, read).
import { randomBytes } from 'node:crypto';
import { Topics } from '@sleep/contracts';
import type { Kafka } from '@sleep/messaging';
import { startGroupAtEnd } from '@sleep/testkit';

export interface HopClock {
  /** Epoch ms at which each session's webhook was produced by ingest. */
  produced: Map<string, number>;
  /** Epoch ms at which each session's `completed` event was published by session-service. */
  published: Map<string, number>;
  stop(): Promise<void>;
}

const sessionIdOfWebhook = (value: string): string | undefined =>
  (JSON.parse(value) as { payload?: { data?: { session?: { id?: string } } } }).payload?.data
    ?.session?.id;

const completedSessionId = (value: string): string | undefined => {
  const event = JSON.parse(value) as { type?: string; payload?: { sessionId?: string } };
  return event.type === 'sleep.session.completed' ? event.payload?.sessionId : undefined;
};

export async function startHopClock(kafka: Kafka): Promise<HopClock> {
  const groupId = `latency-hops-${randomBytes(4).toString('hex')}`;
  const topics = [Topics.asleepWebhooks.name, Topics.sleepSessions.name];
  await startGroupAtEnd(kafka, groupId, topics);
  const produced = new Map<string, number>();
  const published = new Map<string, number>();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics });
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ topic, message }) => {
      if (!message.value) return;
      const value = message.value.toString('utf8');
      const isWebhook = topic === Topics.asleepWebhooks.name;
      const sessionId = isWebhook ? sessionIdOfWebhook(value) : completedSessionId(value);
      if (sessionId) (isWebhook ? produced : published).set(sessionId, Number(message.timestamp));
    },
  });
  await joined;
  return { produced, published, stop: () => consumer.disconnect() };
}
