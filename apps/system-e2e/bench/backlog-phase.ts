// The latency bench's first phase: session-service frozen while a backlog of distinct
// SESSION_COMPLETE webhooks goes to ingest as fast as the senders can, then thawed and timed until
// its consumer group has committed them all; the CPU each busy process spent per webhook beside it.
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Topics } from '@sleep/contracts';
import { generateNight, nightDeliveries, type Night } from '@sleep/asleep-sim';
import type { Platform } from '../src/gateway/support/platform';
import {
  consumed,
  cpuSeconds,
  postgresCpuPerNight,
  postgresWork,
  uncommittedCounter,
} from './platform-metrics';

const BACKLOG = Number(process.env['BACKLOG'] ?? 3000);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50);

export const completeWebhook = (night: Night, apiKey: string) => {
  const delivery = nightDeliveries(night, { apiKey, windowEpochs: 40 }).at(-1)!;
  return { headers: delivery.headers, body: JSON.stringify(delivery.body) };
};

export async function backlog(platform: Platform, brokerPid?: number) {
  const webhooks = Array.from({ length: BACKLOG }, (_, i) => {
    const night = generateNight({
      userId: `backlog-${i}`,
      date: '2025-03-10',
      timezone: 'UTC',
      kind: 'normal',
    });
    return completeWebhook(night, platform.key);
  });
  // One request whose body is the next night's: given the nights as a list, every connection
  // would walk it from the start (50 copies of the first nights) after building each of them.
  let next = 0;
  const requests = [
    {
      method: 'POST' as const,
      setupRequest: (request: object) => ({ ...request, ...webhooks[next++ % BACKLOG] }),
    },
  ];
  const before = await consumed(platform);
  const uncommitted = await uncommittedCounter(
    platform.kafka,
    platform.sessionsGroup,
    Topics.asleepWebhooks.name,
  );
  platform.sessions.child.kill('SIGSTOP');
  const ingestCpuBefore = [cpuSeconds(platform.ingest.child.pid), cpuSeconds(brokerPid)];
  const sendersCpu = process.cpuUsage();
  // Timed from the first request to the last answer: autocannon's own duration ends at its next
  // one-second tick after the last answer, which would put 1.3 s of sending down as 2 s.
  const sent = performance.now();
  let lastAnswer = sent;
  const burst = await new Promise<autocannon.Result>((resolve, reject) => {
    const sending = autocannon(
      { url: platform.webhookUrl, connections: CONNECTIONS, amount: BACKLOG, requests },
      (error: unknown, result: autocannon.Result) => (error ? reject(error) : resolve(result)),
    );
    sending.on('response', () => void (lastAnswer = performance.now()));
  });
  const ingestSeconds = (lastAnswer - sent) / 1000;
  const ingestRate = burst['2xx'] / ingestSeconds;
  const ingestCpu = [cpuSeconds(platform.ingest.child.pid), cpuSeconds(brokerPid)].map(
    (cpu, i) => cpu - ingestCpuBefore[i],
  );
  const sendersUsed = process.cpuUsage(sendersCpu);
  const sendersSeconds = (sendersUsed.user + sendersUsed.system) / 1e6;
  const databaseUrl = process.env['TEST_DATABASE_URL']!;
  const postgresBefore = await postgresWork(databaseUrl);
  const brokerBefore = cpuSeconds(brokerPid);
  const gatewayBefore = cpuSeconds(platform.gateway.child.pid);
  const thawed = performance.now();
  const cpuBefore = cpuSeconds(platform.sessions.child.pid);
  platform.sessions.child.kill('SIGCONT');
  const deadline = Date.now() + 600_000;
  // Caught up once the group has committed every webhook: a redelivered batch is handled twice
  // but committed once, so it cannot end the wait early as a count of handled webhooks would.
  while ((await uncommitted.count()) > 0 && Date.now() < deadline) await sleep(100);
  const catchUpSeconds = (performance.now() - thawed) / 1000;
  const catchUpCpu = cpuSeconds(platform.sessions.child.pid) - cpuBefore;
  const brokerCpu = cpuSeconds(brokerPid) - brokerBefore;
  const gatewayCpu = cpuSeconds(platform.gateway.child.pid) - gatewayBefore;
  const postgres = postgresCpuPerNight(
    postgresBefore,
    await postgresWork(databaseUrl),
    burst['2xx'],
  );
  await uncommitted.close();
  // Just thawed, it may drop the keep-alive connection of the last poll as it is reused: asked again.
  const handled = await consumed(platform).catch(() => consumed(platform));
  const perWebhook = (seconds: number) => ((seconds * 1000) / burst['2xx']).toFixed(2);
  return {
    catchUpCpuMsPerWebhook: (catchUpCpu * 1000) / burst['2xx'],
    ingestCpuMsPerWebhook: (ingestCpu[0] * 1000) / burst['2xx'],
    ingestCpu: `ingest ${perWebhook(ingestCpu[0])}, broker ${perWebhook(ingestCpu[1])}, the senders (this bench) ${perWebhook(sendersSeconds)}`,
    catchUpOthersCpu: `gateway ${perWebhook(gatewayCpu)}, broker ${perWebhook(brokerCpu)}`,
    postgres,
    accepted: burst['2xx'],
    refused: burst.non2xx + burst.errors + burst.timeouts,
    ingestSeconds,
    ingestTicks: burst.duration,
    ingestRate,
    catchUpSeconds,
    catchUpRate: burst['2xx'] / catchUpSeconds,
    redelivered: handled - before - burst['2xx'],
  };
}
