// What the platform's services report about themselves during the latency bench: CPU from /proc,
// counters from their metrics pages, the gateway's fallbacks to Asleep from its log.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from '@sleep/messaging';
import { Client } from 'pg';
import type { Platform } from '../src/gateway/support/platform';

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  if (!existsSync(`/proc/${pid}/stat`)) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A metrics page; asked twice, as a kept-alive connection the server just closed fails once. */
export async function metricsText(url: string): Promise<string> {
  const read = async () => (await fetch(`${url}/metrics`)).text();
  return read().catch(() => read());
}

/** Webhooks session-service has consumed so far, from its metrics. */
export async function consumed(platform: Platform): Promise<number> {
  const text = await metricsText(platform.sessions.managementUrl);
  return text
    .split('\n')
    .filter((line) => line.startsWith('session_webhooks_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** ingest's webhooks by outcome (accepted: acknowledged by Kafka; spooled: Kafka too slow). */
export async function ingestOutcomes(platform: Platform): Promise<string> {
  const text = await metricsText(platform.ingest.managementUrl);
  const counts = new Map<string, number>();
  for (const line of text.split('\n').filter((l) => l.startsWith('webhook_requests_total{'))) {
    const outcome = /outcome="([^"]+)"/.exec(line)?.[1] ?? '?';
    counts.set(outcome, (counts.get(outcome) ?? 0) + Number(line.split(' ').pop()));
  }
  return [...counts].map(([outcome, count]) => `${outcome} ${count}`).join(', ');
}

/** Per consumer group, the `sleep.sessions.v1` events the gateway has taken in (feed, cache). */
export async function gatewaySessionEvents(platform: Platform): Promise<number[]> {
  const text = await metricsText(platform.gateway.managementUrl);
  const groups = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (
      !line.startsWith('kafka_consumed_messages_total{') ||
      !line.includes('topic="sleep.sessions.v1"')
    )
      continue;
    const group = /group="([^"]+)"/.exec(line)?.[1] ?? '?';
    groups.set(group, (groups.get(group) ?? 0) + Number(line.split(' ').pop()));
  }
  return [...groups.values()];
}

export async function sessionEventsPublished(platform: Platform): Promise<number> {
  const text = await metricsText(platform.sessions.managementUrl);
  const line = text.split('\n').find((l) => l.startsWith('session_outbox_published_total'));
  return Number(line?.split(' ').pop() ?? 0);
}

/**
 * Until the gateway has taken in every event session-service published (its change feed and
 * cache are behind otherwise, and the latency phase would time the backlog): seconds waited.
 */
export async function drained(platform: Platform): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const [published, taken] = await Promise.all([
      sessionEventsPublished(platform),
      gatewaySessionEvents(platform),
    ]);
    if (taken.length > 0 && Math.min(...taken) >= published) break;
    await sleep(200);
  }
  return (performance.now() - started) / 1000;
}

/**
 * How often the gateway could not read a night from session-service and turned to Asleep (which
 * does not know the bench's nights: NOT_FOUND, then the tenant's Asleep budget), by reason.
 */
export function storeMisses(platform: Platform): string {
  const reasons = new Map<string, number>();
  for (const line of platform.gateway.output().split('\n')) {
    if (!line.includes('session store unavailable')) continue;
    let reason = '?';
    try {
      const entry = JSON.parse(line) as { err?: { message?: string }; error?: string };
      // A failed query's message quotes its text and parameters: the first line says enough.
      reason = (entry.err?.message ?? entry.error ?? '?').split('\n')[0].slice(0, 120);
    } catch {
      // Not a JSON log line: counted without its reason.
    }
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return [...reasons].map(([reason, count]) => `${count} x ${reason}`).join(', ') || 'none';
}

/**
 * How many messages of `topic` the group has yet to commit, summed over its partitions: zero once
 * it has handled everything published so far, however often a redelivery made it handle some twice.
 */
export async function uncommittedCounter(kafka: Kafka, groupId: string, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  return {
    async count(): Promise<number> {
      const [ends, [committed]] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      const done = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
      return ends.reduce(
        (sum, end) =>
          sum + Math.max(0, Number(end.high) - Math.max(0, done.get(end.partition) ?? 0)),
        0,
      );
    },
    close: () => admin.disconnect(),
  };
}

/**
 * Postgres work so far in the bench's database: committed transactions (a statement outside a
 * transaction counts as one), and per schema (one per service) how often its tables were read
 * (sequential and index scans) and rows written. Counted by Postgres, so the machine's load does
 * not blur them; they lag by up to a second.
 */
export async function postgresWork(databaseUrl: string) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [{ commits }] = (
      await client.query<{ commits: string }>(
        'select xact_commit as commits from pg_stat_database where datname = current_database()',
      )
    ).rows;
    const schemas = await client.query<{ schema: string; reads: string; writes: string }>(
      `select schemaname as schema, sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)) as reads,
         sum(n_tup_ins + n_tup_upd + n_tup_del) as writes
       from pg_stat_user_tables group by schemaname order by schemaname`,
    );
    const backends = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return {
      commits: Number(commits),
      /** CPU seconds so far of each backend serving the database (Postgres on this host). */
      backendCpu: new Map(backends.rows.map(({ pid }) => [pid, cpuSeconds(pid)])),
      schemas: new Map(
        schemas.rows.map((row) => [
          row.schema,
          { reads: Number(row.reads), writes: Number(row.writes) },
        ]),
      ),
    };
  } finally {
    await client.end();
  }
}

export type PostgresWork = Awaited<ReturnType<typeof postgresWork>>;

/** What happened between two readings of `postgresWork`, per night. */
export function postgresWorkPerNight(before: PostgresWork, after: PostgresWork, nights: number) {
  const per = (n: number) => (n / nights).toFixed(1);
  const schemas = [...after.schemas].map(([schema, { reads, writes }]) => {
    const was = before.schemas.get(schema) ?? { reads: 0, writes: 0 };
    return `${schema} ${per(reads - was.reads)} table reads, ${per(writes - was.writes)} rows written`;
  });
  return `${postgresCpuPerNight(before, after, nights)} CPU ms in its backends, ${per(after.commits - before.commits)} transactions; ${schemas.join('; ')}`;
}

/**
 * The CPU ms per night of the database's backends between two readings: read at once, unlike the
 * counters, which Postgres publishes within a second.
 */
export function postgresCpuPerNight(before: PostgresWork, after: PostgresWork, nights: number) {
  let cpuMs = 0;
  for (const [pid, cpu] of after.backendCpu)
    cpuMs += Math.max(0, cpu - (before.backendCpu.get(pid) ?? 0)) * 1000;
  return (cpuMs / nights).toFixed(2);
}

/**
 * When the gateway's transaction that appended each completed night to the change ledger began
 * (`recorded_at`, epoch ms), by session id: splits the feed hop into the consumer's part and the
 * live stream's.
 */
export async function ledgerRecorded(databaseUrl: string): Promise<Map<string, number>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; at: Date }>(
      `select subject_id as id, recorded_at as at from gateway.change_ledger
       where type = 'session.completed'`,
    );
    return new Map(rows.map(({ id, at }) => [id, at.getTime()]));
  } finally {
    await client.end();
  }
}
