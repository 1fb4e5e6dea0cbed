// What the platform's services report about themselves during the latency bench: CPU from /proc,
// counters from their metrics pages, the gateway's fallbacks to Asleep from its log.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Platform } from '../src/gateway/support/platform';

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
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
      reason = entry.err?.message ?? entry.error ?? '?';
    } catch {
      // Not a JSON log line: counted without its reason.
    }
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return [...reasons].map(([reason, count]) => `${count} x ${reason}`).join(', ') || 'none';
}
