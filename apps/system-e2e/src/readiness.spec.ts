import { startBroker, type BrokerHandle } from '@sleep/kafka-broker';
import { freePort } from '@sleep/testkit';
import { httpStatus, startApp, waitForStatus, type AppProcess } from '@sleep/testkit';

// A broker of its own: stopping the shared one would disturb every other test.
describe('readiness follows the Kafka broker', () => {
  let port: number;
  let controllerPort: number;
  let broker: BrokerHandle | undefined;
  let app: AppProcess;

  beforeAll(async () => {
    port = await freePort();
    controllerPort = await freePort();
    broker = await startBroker({ port, controllerPort });
    app = await startApp('analytics-service', { KAFKA_BROKERS: `127.0.0.1:${port}` });
    await waitForStatus(app, '/health/ready', 200);
  }, 120_000);

  afterAll(async () => {
    await app?.stop('SIGKILL');
    await broker?.stop();
  });

  it('turns 503 when the broker stops and 200 when it is back', async () => {
    await broker!.stop();
    broker = undefined;
    await waitForStatus(app, '/health/ready', 503, 30_000);
    expect(await httpStatus(`${app.managementUrl}/health/live`)).toBe(200);

    broker = await startBroker({ port, controllerPort, keepData: true });
    // Rejoining every consumer group after the broker's return can take most of a minute on a
    // busy machine (analytics-service has three).
    await waitForStatus(app, '/health/ready', 200, 120_000);
  }, 210_000);
});

describe('a service that stores something, without DATABASE_URL', () => {
  it('stops at boot with a message naming DATABASE_URL (there is no in-process database)', async () => {
    const app = await startApp('gateway', { DATABASE_URL: '' });
    const { code } = await app.exited;
    expect(code).toBe(1);
    expect(app.output()).toMatch(/DATABASE_URL: required/);
  }, 90_000);
});
