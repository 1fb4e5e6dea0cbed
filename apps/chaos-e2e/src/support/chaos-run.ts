import { setTimeout as sleep } from 'node:timers/promises';
import { type DeliveryRecord, type Night, playNights } from '@sleep/asleep-sim';
import { Topics } from '@sleep/contracts';
import { createKafka } from '@sleep/messaging';
import { readAll } from '@sleep/testkit';
import { SESSION_RPC_PREFIX, type SessionRouter } from '@sleep/session-rpc';
import { DEVELOPMENT_SERVICE_KEYS, ServiceTokenSigner } from '@sleep/service-kit';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

const gatewayTokens = new ServiceTokenSigner('gateway', DEVELOPMENT_SERVICE_KEYS['gateway']);
import { CHAOS_API_KEY, CHAOS_TENANT, ChaosStack, type UnexpectedExit } from './chaos-stack';
import { chaosNights } from './chaos-nights';
import { completedEventsPerNight, missingAcknowledged, nightMismatches } from './verify-run';

export interface ChaosOptions {
  nights: number;
  /** Each round: every fault alone, then overlapping ones. */
  rounds: number;
  seed: number;
  /** Webhook request starts per second, so the stream lasts through the faults. */
  rate: number;
  log?: (line: string) => void;
}

/** One measured recovery, counted from the moment the fault was lifted. */
export interface Recovery {
  fault: string;
  readyMs: Record<string, number>;
  /** Until session-service had read every webhook and the outbox had published every event. */
  drainedMs: number;
}

export interface ChaosResult {
  nights: Night[];
  deliveries: { sent: number; acknowledged: number; failed: number; duplicates: number };
  faults: string[];
  recoveries: Recovery[];
  /** From the end of the stream and the faults to every night stored exactly. */
  drainMs: number;
  mismatches: { sessionId: string; fields: string[] }[];
  missingAcknowledged: string[];
  completedCounts: Map<string, number>;
  conflictingCopies: string[];
  unexpectedExits: UnexpectedExit[];
  elapsedMs: number;
}

/** A fault: what breaks (and for how long), then what puts it right. */
interface Fault {
  name: string;
  inflict(stack: ChaosStack): Promise<void>;
  lift(stack: ChaosStack): Promise<void>;
}

const killService = (name: 'webhook-ingest' | 'session-service' | 'gateway'): Fault => ({
  name: `SIGKILL ${name}`,
  inflict: (stack) => stack.kill(name),
  lift: async (stack) => void (await stack.spawn(name)),
});

const SINGLE_FAULTS: Fault[] = [
  killService('session-service'),
  killService('webhook-ingest'),
  killService('gateway'),
  {
    name: 'SIGKILL broker',
    inflict: async (stack) => {
      await stack.killBroker();
      await sleep(2_000);
    },
    lift: (stack) => stack.startBroker(),
  },
  {
    name: 'SIGSTOP broker 5 s',
    inflict: async (stack) => {
      await stack.freezeBroker();
      await sleep(5_000);
    },
    lift: async (stack) => stack.thawBroker(),
  },
  {
    name: 'postgres immediate stop 4 s',
    inflict: async (stack) => {
      await stack.postgres.stop('immediate');
      await sleep(4_000);
    },
    lift: (stack) => stack.postgres.start(),
  },
];

const OVERLAPPING_FAULTS: Fault[] = [
  {
    name: 'postgres immediate stop + SIGKILL session-service, restarted while the database is down',
    inflict: async (stack) => {
      await stack.postgres.stop('immediate');
      await stack.restart('session-service');
      await sleep(4_000);
    },
    lift: (stack) => stack.postgres.start(),
  },
  {
    name: 'SIGSTOP broker + SIGKILL webhook-ingest and gateway, restarted while it is frozen',
    inflict: async (stack) => {
      await stack.freezeBroker();
      await Promise.all([stack.restart('webhook-ingest'), stack.restart('gateway')]);
      await sleep(4_000);
    },
    lift: async (stack) => stack.thawBroker(),
  },
  {
    name: 'SIGKILL broker + postgres immediate stop + SIGKILL session-service',
    inflict: async (stack) => {
      await Promise.all([
        stack.killBroker(),
        stack.postgres.stop('immediate'),
        stack.kill('session-service'),
      ]);
      await sleep(3_000);
    },
    lift: async (stack) => {
      await stack.postgres.start();
      await stack.spawn('session-service');
      await stack.startBroker();
    },
  },
];

async function runFault(stack: ChaosStack, fault: Fault): Promise<Recovery> {
  await fault.inflict(stack);
  await fault.lift(stack);
  const liftedAt = Date.now();
  const [session, gateway, ingest] = await Promise.all([
    stack.ready('session-service'),
    stack.ready('gateway'),
    stack.ready('webhook-ingest'),
  ]);
  const readyMs = {
    'session-service': session,
    gateway,
    'webhook-ingest': ingest,
  };
  await stack.drained();
  return { fault: fault.name, readyMs, drainedMs: Date.now() - liftedAt };
}

function sessionRpc(url: string) {
  return createTRPCClient<SessionRouter>({
    links: [
      httpBatchLink({
        url: `${url}${SESSION_RPC_PREFIX}`,
        maxURLLength: 6_000,
        headers: () => gatewayTokens.headers('session-service'),
      }),
    ],
  });
}

async function storedNights(stack: ChaosStack, nights: readonly Night[]): Promise<unknown[]> {
  const rpc = sessionRpc(stack.service('session-service').url);
  const stored: unknown[] = [];
  for (let i = 0; i < nights.length; i += 50) {
    const chunk = nights.slice(i, i + 50);
    stored.push(
      ...(await Promise.all(
        chunk.map(({ userId, sessionId }) =>
          rpc.getSession
            .query({ tenantId: CHAOS_TENANT, asleepUserId: userId, sessionId })
            .catch((error: unknown) => ({ unavailable: String(error) })),
        ),
      )),
    );
  }
  return stored;
}

/**
 * Plays `nights` as webhooks (duplicates, reordering) into webhook-ingest while every process is
 * killed, frozen or cut off in turn, then waits for the backlog to drain and checks the outcome.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const nights = chaosNights(options.nights, options.seed);
  const stack = await ChaosStack.start(options.seed, log);
  log(`stack up in ${Date.now() - started} ms`);
  try {
    const records: DeliveryRecord[] = [];
    const player = playNights({
      webhookUrl: stack.webhookUrl,
      nights,
      apiKey: CHAOS_API_KEY,
      duplicates: 0.2,
      reorder: 'window',
      reorderWindow: 6,
      windowEpochs: 20,
      seed: options.seed,
      concurrency: 8,
      rate: options.rate,
      timeoutMs: 5_000,
      // Until acknowledged: every night must arrive whole, whatever is down meanwhile.
      retry: { maxAttempts: 1_000, baseMs: 200, maxMs: 2_000 },
      onDelivery: (record) => records.push(record),
    });

    const faults: string[] = [];
    const recoveries: Recovery[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      for (const fault of [...SINGLE_FAULTS, ...OVERLAPPING_FAULTS]) {
        await sleep(2_000);
        const recovery = await runFault(stack, fault);
        faults.push(recovery.fault);
        recoveries.push(recovery);
        log(
          `round ${round}: ${recovery.fault}: ready ${JSON.stringify(recovery.readyMs)} ms, ` +
            `drained ${recovery.drainedMs} ms`,
        );
      }
    }
    const report = await player;
    log(
      `stream done: ${report.delivered} acknowledged, ${report.failed} failed, ${report.sent} requests`,
    );

    const drainStarted = Date.now();
    let stored: unknown[] = [];
    let mismatches = nightMismatches(nights, stored);
    for (;;) {
      stored = await storedNights(stack, nights);
      mismatches = nightMismatches(nights, stored);
      if (mismatches.length === 0 || Date.now() - drainStarted > 120_000) break;
      await sleep(500);
    }
    const drainMs = Date.now() - drainStarted;
    log(`backlog drained in ${drainMs} ms (${mismatches.length} nights not exact)`);

    const kafka = createKafka({
      brokers: stack.brokers,
      clientId: 'chaos-e2e',
      logLevel: 'silent',
    });
    const webhookTopic = await readAll(kafka, Topics.asleepWebhooks.name, { timeoutMs: 60_000 });
    // The relay may still be publishing the last events: wait until each night has its completion.
    let sessionTopic = await readAll(kafka, Topics.sleepSessions.name, { timeoutMs: 60_000 });
    for (let i = 0; i < 20; i++) {
      const { counts } = completedEventsPerNight(nights, sessionTopic);
      if ([...counts.values()].every((n) => n >= 1)) break;
      await sleep(1_000);
      sessionTopic = await readAll(kafka, Topics.sleepSessions.name, { timeoutMs: 60_000 });
    }
    const { counts, conflictingCopies } = completedEventsPerNight(nights, sessionTopic);

    return {
      nights,
      deliveries: {
        sent: report.sent,
        acknowledged: report.delivered,
        failed: report.failed,
        duplicates: report.duplicates,
      },
      faults,
      recoveries,
      drainMs,
      mismatches,
      missingAcknowledged: missingAcknowledged(records, webhookTopic),
      completedCounts: counts,
      conflictingCopies,
      unexpectedExits: [...stack.unexpectedExits],
      elapsedMs: Date.now() - started,
    };
  } finally {
    await stack.stop();
  }
}
