// The real app in this process against the real broker: unique topics, its own spool folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { serviceLoggerOptions } from '@sleep/observability';
import {
  BatchingProducer,
  createKafka,
  ensureTopics,
  type Kafka,
  type Publisher,
} from '@sleep/messaging';
import { readAll, uniqueTopics, type ReadMessage } from '@sleep/testkit';
import { createServiceApp, loadConfig, ManagementEndpoints } from '@sleep/service-kit';
import { AppModule } from '../app.module';
import { envSchema } from '../config';
import { type IngestOptions, WEBHOOK_PUBLISHER } from '../ingest-options';

export const KEY_ACME = 'sk-acme-ingest-spec-0123456789';
export const KEY_ACME_NEXT = 'sk-acme-ingest-spec-rotated-42';
export const KEY_GLOBEX = 'sk-globex-ingest-spec-987654321';

export interface IngestFixture {
  app: NestFastifyApplication;
  kafka: Kafka;
  topics: { topic: string; dlq: string };
  spoolDir: string;
  /** Every line the app logged, parsed. */
  logs: Record<string, unknown>[];
  post(
    body: string | Buffer,
    headers?: Record<string, string | undefined>,
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }>;
  /** A GET on the app, or, for /health/* and /metrics, on its management endpoints. */
  get(path: string): Promise<{ status: number; body: string }>;
  read(topic: string, expected?: number): Promise<ReadMessage[]>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  env?: Record<string, string>;
  ingest?: Partial<IngestOptions>;
  /** Stands between the webhook path and Kafka, e.g. to take Kafka away on demand. */
  publisher?: (real: Publisher) => Publisher;
  /** Log paths redacted instead of the service's own (REDACTED_PATHS). */
  redact?: string[];
}

/** The app as production builds it, or, with `publisher`, with that publisher swapped in. */
export async function startIngest(options: FixtureOptions = {}): Promise<IngestFixture> {
  const stateDir = mkdtempSync(join(tmpdir(), 'ingest-spec-'));
  const spoolDir = options.ingest?.spoolDir ?? join(stateDir, 'spool');
  const config = loadConfig(envSchema, {
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    DATABASE_URL: process.env['TEST_DATABASE_URL'] ?? '',
    STATE_DIR: stateDir,
    WEBHOOK_API_KEYS: `acme:${KEY_ACME},acme:${KEY_ACME_NEXT},globex:${KEY_GLOBEX}`,
    WEBHOOK_PRODUCE_TIMEOUT_MS: '1000',
    ...options.env,
  });
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: 'ingest-spec',
    logLevel: 'silent',
  });
  const { topic, dlq } = uniqueTopics('ingest', 3);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topic, dlq]);
  await admin.disconnect();

  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const loggerOptions = serviceLoggerOptions({ service: 'webhook-ingest', level: 'info' });
  if (options.redact) loggerOptions.redact = { paths: options.redact, censor: '[redacted]' };
  const logger = pino(loggerOptions, sink);
  const rootModule = AppModule.register(config, logger, {
    topic: topic.name,
    dlqTopic: dlq.name,
    spoolDir,
    ...options.ingest,
  });
  let app: NestFastifyApplication;
  if (options.publisher) {
    const wrap = options.publisher;
    const moduleRef = await Test.createTestingModule({ imports: [rootModule] })
      .overrideProvider(WEBHOOK_PUBLISHER)
      .useFactory({ factory: (real: Publisher) => wrap(real), inject: [BatchingProducer] })
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(
      new FastifyAdapter({ forceCloseConnections: 'idle' }),
      { logger: false },
    );
  } else {
    app = await createServiceApp({ rootModule, trustProxy: config.TRUSTED_PROXIES });
  }
  return fixture(app, kafka, { topic: topic.name, dlq: dlq.name }, spoolDir, logs, stateDir);
}

async function fixture(
  app: NestFastifyApplication,
  kafka: Kafka,
  topics: { topic: string; dlq: string },
  spoolDir: string,
  logs: Record<string, unknown>[],
  stateDir: string,
): Promise<IngestFixture> {
  await app.init();
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  await fastify.ready();
  return {
    app,
    kafka,
    topics,
    spoolDir,
    logs,
    async post(body, headers = {}) {
      const present = Object.fromEntries(
        Object.entries(headers).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      const response = await fastify.inject({
        method: 'POST',
        url: '/v1/webhooks/asleep',
        payload: body,
        headers: present,
      });
      return { status: response.statusCode, body: response.body, headers: response.headers };
    },
    async get(path) {
      // Probes and metrics are the management port's, not the public app's.
      if (/^\/(health|metrics)\b/.test(path)) {
        const answer = await app.get(ManagementEndpoints).handle(path);
        return { status: answer.status, body: answer.body };
      }
      const response = await fastify.inject({ method: 'GET', url: path });
      return { status: response.statusCode, body: response.body };
    },
    read: (topic, expected) =>
      readAll(kafka, topic, expected === undefined ? {} : { expected, timeoutMs: 15_000 }),
    async close() {
      await app.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
