import { randomBytes } from 'node:crypto';
import { SESSION_PROGRESSED, type SessionProgressed, Topics } from '@sleep/contracts';
import { BatchingProducer, type Kafka } from '@sleep/messaging';

/** Publishes one session-progress event on `sleep.sessions.v1`, as session-service would. */
export async function publishProgress(
  kafka: Kafka,
  tenantId: string,
  userId: string,
  receivedEpochs: number,
): Promise<string> {
  const sessionId = `20250310140000_${randomBytes(3).toString('hex').slice(0, 5)}`;
  const event: SessionProgressed = {
    eventId: `${sessionId}@1`,
    type: SESSION_PROGRESSED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: userId,
    payload: {
      userId,
      sessionId,
      version: 1,
      state: 'OPEN',
      startTime: '2025-03-10T14:00:00+00:00',
      endTime: null,
      createdTimezone: 'UTC',
      receivedEpochs,
      epochs: {
        fromEpoch: 0,
        sleepStages: Array(receivedEpochs).fill(0),
        snoringStages: Array(receivedEpochs).fill(0),
        breathStages: null,
      },
    },
  };
  const producer = new BatchingProducer(kafka);
  try {
    await producer.publish(Topics.sleepSessions.name, {
      key: userId,
      value: JSON.stringify(event),
    });
  } finally {
    await producer.disconnect();
  }
  return sessionId;
}
