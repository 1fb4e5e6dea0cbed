import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Topics } from '@sleep/contracts';
import { type EmbeddedPostgresServer, freePort, startEmbeddedPostgres } from '@sleep/embedded-pg';
import { type BrokerHandle, startBroker } from '@sleep/kafka-broker';
import { consumerGroupLag, createKafka } from '@sleep/messaging';
import { Client } from 'pg';
import {
  httpStatus,
  type ServiceName,
  type ServiceProcess,
  spawnService,
  waitForStatus,
} from './service-process';

export const CHAOS_TENANT = 'chaos';
export const CHAOS_API_KEY = 'sk-chaos-e2e-0123456789abcdef';

/** A process that ended without the suite having signalled it. */
export interface UnexpectedExit {
  service: ServiceName;
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

const SERVICES: readonly ServiceName[] = ['webhook-ingest', 'session-service', 'gateway'];

/**
 * Everything the chaos suite runs and owns: a Kafka broker, a PostgreSQL server and the services
 * as real processes, each with the means to kill and restart it on the same port and state.
 */
export class ChaosStack {
  readonly unexpectedExits: UnexpectedExit[] = [];
  private readonly services = new Map<ServiceName, ServiceProcess>();
  private readonly killedByUs = new WeakSet<ServiceProcess>();

  private constructor(
    private readonly root: string,
    private readonly kafkaPorts: { port: number; controllerPort: number },
    private broker: BrokerHandle,
    readonly postgres: EmbeddedPostgresServer,
    readonly databaseUrl: string,
    private readonly groupId: string,
    private readonly log: (line: string) => void,
  ) {}

  static async start(seed: number, log: (line: string) => void): Promise<ChaosStack> {
    const root = mkdtempSync(join(tmpdir(), 'chaos-stack-'));
    // PostgreSQL runs as its own system user when we are root: it must reach its folder.
    chmodSync(root, 0o755);
    const kafkaPorts = { port: await freePort(), controllerPort: await freePort() };
    const [brokerStart, postgresStart] = await Promise.allSettled([
      startBroker({
        ...kafkaPorts,
        stateDir: join(root, 'kafka'),
        heapMb: 512,
        log: () => undefined,
      }),
      startEmbeddedPostgres({ dataDir: join(root, 'postgres'), port: await freePort() }),
    ]);
    if (brokerStart.status === 'rejected' || postgresStart.status === 'rejected') {
      if (brokerStart.status === 'fulfilled') await brokerStart.value.stop();
      if (postgresStart.status === 'fulfilled') await postgresStart.value.stop('immediate');
      rmSync(root, { recursive: true, force: true });
      throw brokerStart.status === 'rejected'
        ? brokerStart.reason
        : (postgresStart as PromiseRejectedResult).reason;
    }
    const [broker, postgres] = [brokerStart.value, postgresStart.value];
    await postgres.createDatabase('chaos');
    const stack = new ChaosStack(
      root,
      kafkaPorts,
      broker,
      postgres,
      postgres.url('chaos'),
      `chaos-${seed}`,
      log,
    );
    // The gateway is told where session-service listens, so that one comes first.
    await stack.spawn('session-service');
    await Promise.all([stack.spawn('webhook-ingest'), stack.spawn('gateway')]);
    await stack.allReady(120_000);
    return stack;
  }

  get brokers(): string {
    return this.broker.brokers.join(',');
  }

  service(name: ServiceName): ServiceProcess {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} was never started`);
    return service;
  }

  get webhookUrl(): string {
    return `${this.service('webhook-ingest').url}/v1/webhooks/asleep`;
  }

  private env(name: ServiceName): NodeJS.ProcessEnv {
    const common = { KAFKA_BROKERS: this.brokers, DATABASE_URL: this.databaseUrl };
    switch (name) {
      case 'webhook-ingest':
        return {
          ...common,
          WEBHOOK_API_KEYS: `${CHAOS_TENANT}:${CHAOS_API_KEY}`,
          WEBHOOK_PRODUCE_TIMEOUT_MS: '1000',
        };
      case 'session-service':
        return {
          ...common,
          SESSION_GROUP_ID: this.groupId,
          KAFKA_SESSION_TIMEOUT_MS: '6000',
          // Never reached: recovery waits hours, and no tenant has a key.
          ASLEEP_BASE_URL: 'http://127.0.0.1:9',
        };
      case 'gateway':
        return {
          ...common,
          SESSION_SERVICE_URL: this.services.get('session-service')?.url ?? '',
          ASLEEP_BASE_URL: 'http://127.0.0.1:9',
        };
      default:
        return common;
    }
  }

  /** Starts `name`, on its earlier port and state folder when it ran before (the spool stays). */
  async spawn(name: ServiceName): Promise<ServiceProcess> {
    const previous = this.services.get(name);
    const service = await spawnService(
      name,
      this.env(name),
      previous && {
        port: previous.port,
        managementPort: previous.managementPort,
        stateDir: previous.stateDir,
      },
    );
    this.services.set(name, service);
    void service.exited.then(({ code, signal }) => {
      if (this.killedByUs.has(service)) return;
      this.unexpectedExits.push({ service: name, code, signal, output: service.output() });
      this.log(`!! ${name} exited on its own (code ${code}, signal ${signal})`);
    });
    return service;
  }

  async kill(name: ServiceName): Promise<void> {
    const service = this.service(name);
    this.killedByUs.add(service);
    await service.kill('SIGKILL');
  }

  async restart(name: ServiceName): Promise<ServiceProcess> {
    await this.kill(name);
    return this.spawn(name);
  }

  async ready(name: ServiceName, timeoutMs = 90_000): Promise<number> {
    return waitForStatus(this.service(name), '/health/ready', 200, timeoutMs);
  }

  /** Ms until every service answers ready. */
  async allReady(timeoutMs = 90_000): Promise<number> {
    const started = Date.now();
    await Promise.all(SERVICES.map((name) => this.ready(name, timeoutMs)));
    return Date.now() - started;
  }

  async status(name: ServiceName, path: string): Promise<number> {
    return httpStatus(`${this.service(name).url}${path}`);
  }

  /** SIGKILL: the broker dies without a word; it comes back on the same data. */
  async killBroker(): Promise<void> {
    process.kill(this.broker.pid, 'SIGKILL');
    await this.broker.exited;
    await this.broker.stop();
  }

  async startBroker(): Promise<void> {
    this.broker = await startBroker({
      ...this.kafkaPorts,
      stateDir: join(this.root, 'kafka'),
      heapMb: 512,
      keepData: true,
      log: () => undefined,
    });
  }

  /** SIGSTOP: sockets stay open, nothing answers. */
  async freezeBroker(): Promise<void> {
    await this.broker.pause();
  }

  thawBroker(): void {
    this.broker.resume();
  }

  /**
   * Resolves once session-service has committed every webhook on the topic (lag 0) and its
   * outbox holds nothing unpublished: the backlog a fault left is gone.
   */
  async drained(timeoutMs = 120_000): Promise<void> {
    const kafka = createKafka({ brokers: this.brokers, clientId: 'chaos-lag', logLevel: 'silent' });
    const admin = kafka.admin();
    const started = Date.now();
    try {
      await admin.connect();
      for (;;) {
        const settled = await Promise.all([
          consumerGroupLag(admin, this.groupId, Topics.asleepWebhooks.name),
          this.unpublishedEvents(),
        ])
          .then(([lag, pending]) => lag.every((p) => p.lag === 0) && pending === 0)
          .catch(() => false);
        if (settled) return;
        if (Date.now() - started > timeoutMs)
          throw new Error(`backlog not drained within ${timeoutMs} ms`);
        await sleep(200);
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async unpublishedEvents(): Promise<number> {
    const client = new Client({
      connectionString: this.databaseUrl,
      connectionTimeoutMillis: 2_000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query(
        'select count(*)::int as n from sessions.outbox where published_at is null',
      );
      return (rows[0] as { n: number }).n;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.services.keys()].map((name) => this.kill(name).catch(() => undefined)),
    );
    await this.broker.stop().catch(() => undefined);
    await this.postgres.stop('immediate').catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }
}
