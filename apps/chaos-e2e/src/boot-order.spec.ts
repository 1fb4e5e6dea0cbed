import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedPostgresServer, freePort, startEmbeddedPostgres } from '@sleep/embedded-pg';
import { type ServiceProcess, spawnService, waitForStatus } from './support/service-process';
import { until } from './support/until';

const brokers = () => process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';

async function readiness(service: ServiceProcess) {
  const response = await fetch(`${service.managementUrl}/health/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

// A Postgres server of its own, started after the service: the order of boot must not matter.
describe('a service started before its database', () => {
  const root = mkdtempSync(join(tmpdir(), 'chaos-boot-'));
  // As root the server runs as the postgres user, which must reach its folder.
  chmodSync(root, 0o755);
  const services: ServiceProcess[] = [];
  let postgres: EmbeddedPostgresServer | undefined;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.kill('SIGKILL')));
    await postgres?.stop('immediate');
    rmSync(root, { recursive: true, force: true });
  });

  const databaseUrl = () => `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

  it('is live and not ready while it waits, then ready once the database is up', async () => {
    const service = await spawnService('analytics-service', {
      KAFKA_BROKERS: brokers(),
      DATABASE_URL: databaseUrl(),
    });
    services.push(service);
    await waitForStatus(service, '/health/live', 200, 60_000);
    const waiting = await readiness(service);
    expect(waiting.status).toBe(503);
    expect(JSON.stringify(waiting.body)).toContain(`postgres at 127.0.0.1:${port}`);
    // Logged what it waits for, with the reason; still running.
    await until(() => service.output().includes('waiting for postgres'), 10_000);
    expect(service.output()).toMatch(/waiting for postgres at 127\.0\.0\.1:\d+: .*ECONNREFUSED/);

    postgres = await startEmbeddedPostgres({ dataDir: join(root, 'data'), port });
    const msToReady = await waitForStatus(service, '/health/ready', 200, 60_000);
    process.stdout.write(
      `› boot order: database up -> analytics-service ready in ${msToReady} ms\n`,
    );
    expect(service.alive()).toBe(true);
    expect((await readiness(service)).body).toMatchObject({
      details: { database: { status: 'up' }, kafka: { status: 'up' } },
    });
  }, 120_000);

  it('answers 503 while its database is down, 200 again once it is back, and keeps running', async () => {
    const [service] = services;
    await postgres!.stop('immediate');
    await waitForStatus(service, '/health/ready', 503, 30_000);
    expect((await readiness(service)).body).toMatchObject({
      error: { database: { status: 'down' } },
    });
    await postgres!.start();
    const msToReady = await waitForStatus(service, '/health/ready', 200, 30_000);
    process.stdout.write(`› database restarted -> analytics-service ready in ${msToReady} ms\n`);
    expect(service.alive()).toBe(true);
    // Live as Kubernetes judges it: one probe that misses its deadline while the consumers catch
    // up on a loaded machine is not a failure there (failureThreshold 3), so neither is it here.
    await waitForStatus(service, '/health/live', 200, 15_000);
  }, 90_000);

  it('exits 1 with a message naming what it waited for once STARTUP_TIMEOUT_MS has passed', async () => {
    const closedPort = await freePort();
    const started = Date.now();
    const service = await spawnService('analytics-service', {
      KAFKA_BROKERS: brokers(),
      DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${closedPort}/postgres`,
      STARTUP_TIMEOUT_MS: '3000',
    });
    services.push(service);
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(service.output()).toContain(
      `analytics-service cannot start: not ready within STARTUP_TIMEOUT_MS (3000 ms): still waiting for postgres at 127.0.0.1:${closedPort}`,
    );
  }, 60_000);
});
