// Starts analytics-service the way launchers do, prints its pid once it is ready, then idles
// until it is killed: the stop-with-parent test kills it with SIGKILL and watches the service.
import { startApp, waitForStatus } from '@sleep/testkit';

async function main(): Promise<void> {
  const app = await startApp('analytics-service');
  await waitForStatus(app, '/health/ready', 200, 150_000);
  process.stdout.write(`${JSON.stringify({ pid: app.child.pid })}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
