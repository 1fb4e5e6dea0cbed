// Test support: the store's classes over a real database, without Nest.
import { join } from 'node:path';
import type { Publisher } from '@sleep/messaging';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, embeddedTemplate } from '@sleep/persistence/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import { SessionMetrics } from '../observability/session.metrics';
import { OutboxRelay } from '../outbox/outbox-relay.job';
import { DEFAULT_TOPICS, type SessionSettings } from '../session-settings';
import { OutboxSignal } from '../store/outbox-signal';
import { SessionDeleter } from '../store/session-deleter';
import { SessionWriter } from '../store/session-writer';

export type StoreKind = 'postgres' | 'embedded';

export interface StoreFixture {
  database: DatabaseHandle;
  /** The Postgres database's URL (none for the embedded one), for a second pool on it. */
  url?: string;
  settings: SessionSettings;
  signal: OutboxSignal;
  writer: SessionWriter;
  deleter: SessionDeleter;
  metrics: SessionMetrics;
  relay(publisher: Publisher): OutboxRelay;
  close(): Promise<void>;
}

export const silentLogger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export async function openStore(
  kind: StoreKind,
  settings: Partial<SessionSettings> = {},
): Promise<StoreFixture> {
  const target = kind === 'postgres' ? await createTestDatabase('sessions') : undefined;
  const database = await openDatabase(
    target
      ? { url: target.url, schema: 'sessions' }
      : { schema: 'sessions', embeddedSeed: await embeddedTemplate() },
  );
  await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
  const full: SessionSettings = {
    groupId: 'test',
    sessionTimeoutMs: 10_000,
    recoveryAfterMs: 3_600_000,
    recoveryIntervalMs: 60_000,
    topics: DEFAULT_TOPICS,
    ...settings,
  };
  const signal = new OutboxSignal();
  const metrics = new SessionMetrics(new Registry());
  return {
    database,
    url: target?.url,
    settings: full,
    signal,
    metrics,
    writer: new SessionWriter(database, full, signal),
    deleter: new SessionDeleter(database, full, signal),
    relay: (publisher) => new OutboxRelay(database, publisher, full, signal, metrics, silentLogger),
    async close() {
      await database.close();
      await target?.drop();
    },
  };
}

export interface OutboxRecord {
  id: string;
  key: string;
  event_id: string;
  value: string;
  published: boolean;
}

export async function outboxRows(database: DatabaseHandle): Promise<OutboxRecord[]> {
  return database.query<OutboxRecord>(
    'select id::text as id, key, event_id, value, published_at is not null as published from outbox o order by o.id',
  );
}
