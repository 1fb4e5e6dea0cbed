// Asks session-service to import a user's history from the Asleep API (a backfill command).
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { BACKFILL_REQUESTED, BackfillRequestedSchema, Topics } from '@sleep/contracts';
import {
  BatchingProducer,
  createKafka,
  ensureTopics,
  kafkaSecurityFromEnv,
} from '@sleep/messaging';
import { envList, loadConfig } from '@sleep/service-kit';
import { z } from 'zod';

const USAGE = `usage: nx run session-service:backfill --tenant=<id> --user=<asleep user id> --from=YYYY-MM-DD --to=YYYY-MM-DD [--timezone=UTC]

Publishes a backfill command on ${Topics.sessionCommands.name}; session-service imports every session
of the user whose start date, in the time zone, lies in [from, to], resuming after a restart.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      user: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      timezone: { type: 'string', default: 'UTC' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const { KAFKA_BROKERS } = loadConfig(z.object({ KAFKA_BROKERS: envList('127.0.0.1:9092') }));
  const command = BackfillRequestedSchema.safeParse({
    eventId: randomUUID(),
    type: BACKFILL_REQUESTED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: values.tenant,
    key: values.user,
    payload: {
      userId: values.user,
      dateFrom: values.from,
      dateTo: values.to,
      timezone: values.timezone,
    },
  });
  if (!command.success) {
    const issues = command.error.issues.map(
      (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
    );
    console.error(`${issues.join('\n')}\n\n${USAGE}`);
    return 2;
  }
  const kafka = createKafka({
    brokers: KAFKA_BROKERS,
    clientId: 'session-backfill-cli',
    security: kafkaSecurityFromEnv(process.env),
    logLevel: 'error',
  });
  const admin = kafka.admin();
  const producer = new BatchingProducer(kafka);
  try {
    await admin.connect();
    await ensureTopics(admin, [Topics.sessionCommands, Topics.sessionCommandsDlq]);
    await producer.publish(Topics.sessionCommands.name, {
      key: command.data.key,
      value: JSON.stringify(command.data),
    });
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
  console.log(
    JSON.stringify({
      commandId: command.data.eventId,
      topic: Topics.sessionCommands.name,
      ...command.data.payload,
    }),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
