// Rebuilds every analytics table from session-service's store, then hands over to the live topic.
import { join } from 'node:path';
import { Topics } from '@sleep/contracts';
import {
  BatchingProducer,
  createKafka,
  ensureTopics,
  kafkaSecurityFromEnv,
} from '@sleep/messaging';
import { migrateDatabase, openDatabase } from '@sleep/persistence';
import {
  envList,
  envOptionalUrl,
  envServiceSigningKey,
  envString,
  loadConfig,
  ServiceTokenSigner,
} from '@sleep/service-kit';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { AnalyticsMetrics } from '../observability/analytics.metrics';
import { sessionServiceNights } from '../rebuild/session-service.source';
import { rebuild } from '../rebuild/rebuild';
import { ReportBuilder } from '../reports/report-builder';

const USAGE = `usage: nx run analytics-service:rebuild   (with analytics-service stopped)

1. records the end offsets of ${Topics.sleepSessions.name};
2. empties the analytics tables that are projections of nights;
3. streams every COMPLETE night from session-service's RPC (SESSION_SERVICE_URL, with a service
   token signed by SERVICE_TOKEN_KEY) through the live
   ingestion path;
4. sets the consumer group <ANALYTICS_GROUP_ID>.sessions to the offsets of step 1, so the service
   continues from the live topic with what happened during the stream (replays are idempotent).`;

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(
    z.object({
      KAFKA_BROKERS: envList('127.0.0.1:9092'),
      DATABASE_URL: envOptionalUrl(),
      ANALYTICS_GROUP_ID: envString('analytics-service'),
      SESSION_SERVICE_URL: envString('http://127.0.0.1:3002'),
      // analytics-service's private key: session-service serves its nights to it alone.
      SERVICE_TOKEN_KEY: envServiceSigningKey('analytics-service'),
    }),
  );
  if (!config.DATABASE_URL) {
    console.error('DATABASE_URL is required: the rebuild writes to the service database');
    return 2;
  }
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: 'analytics-rebuild',
    security: kafkaSecurityFromEnv(process.env),
    logLevel: 'error',
  });
  const admin = kafka.admin();
  const producer = new BatchingProducer(kafka);
  const database = await openDatabase({ url: config.DATABASE_URL, schema: 'analytics' });
  try {
    await admin.connect();
    await ensureTopics(admin, [Topics.sleepSessions, Topics.sleepSessionsDlq]);
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
    const topic = Topics.sleepSessions.name;
    const offsets = await admin.fetchTopicOffsets(topic);
    const metrics = new AnalyticsMetrics(new Registry());
    const reports = new ReportBuilder(database, producer, metrics);
    const result = await rebuild(
      database,
      reports,
      sessionServiceNights(
        config.SESSION_SERVICE_URL,
        new ServiceTokenSigner('analytics-service', config.SERVICE_TOKEN_KEY),
      ),
      metrics,
    );
    await admin.setOffsets({
      groupId: `${config.ANALYTICS_GROUP_ID}.sessions`,
      topic,
      partitions: offsets.map(({ partition, offset }) => ({ partition, offset })),
    });
    console.log(
      JSON.stringify({
        nights: result.nights,
        seconds: Number(result.seconds.toFixed(1)),
        nightsPerSecond: Math.round(result.nights / Math.max(result.seconds, 1e-3)),
        resumeFrom: offsets.map(({ partition, offset }) => ({ partition, offset })),
      }),
    );
    return 0;
  } finally {
    await producer.disconnect();
    await admin.disconnect();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
