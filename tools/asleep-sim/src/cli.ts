// asleep-sim serve|demo: run the simulated Asleep platform, optionally playing nights to a webhook URL.
import { parseArgs } from 'node:util';
import { watchParent } from '@sleep/service-kit/parent-watch';
import { runDemo } from './demo';
import { startAsleepSim } from './sim';

const USAGE = `usage: asleep-sim <serve|demo> [options]
  --port <n>             port of the simulated REST API (default 4010; 0 picks one)
  --host <addr>          interface (default 127.0.0.1)
  --api-key <key>        accepted x-api-key, repeatable (default sim-key); webhooks carry the first
  --seed <n>             seed of ids, nights and random faults (default 1)
serve:
  --users <n>            create n users with --nights finished nights each, print their ids (default 0)
  --nights <n>           nights per created user (default 7)
demo:
  --webhook-url <url>    where to POST webhooks (required)
  --users <n>            users per round (default 5)
  --speed <x|immediate>  night time per real time (default 600: an 8 h night in 48 s)
  --days-back <n>        first night date, days ago (default 14)
  --webhook-version <V3|V2>  body version (default V3)
  --concurrency <n>      requests in flight (default 8)
  --duplicates <p>       probability of sending a delivery twice (default 0)
  --registered-users     play the nights of users created through the REST API (waits for them)
                         instead of minting --users of its own`;

const number = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`--${name} must be a number, got ${value}`);
  return parsed;
};

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string', multiple: true },
      seed: { type: 'string' },
      users: { type: 'string' },
      nights: { type: 'string' },
      'webhook-url': { type: 'string' },
      speed: { type: 'string', default: '600' },
      'days-back': { type: 'string' },
      'webhook-version': { type: 'string', default: 'V3' },
      concurrency: { type: 'string' },
      duplicates: { type: 'string' },
      'registered-users': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || (command !== 'serve' && command !== 'demo')) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const webhookUrl = values['webhook-url'];
  if (command === 'demo' && !webhookUrl) {
    console.error(`demo needs --webhook-url\n${USAGE}`);
    return 2;
  }
  const version = values['webhook-version'];
  if (version !== 'V3' && version !== 'V2') throw new Error('--webhook-version must be V3 or V2');

  const sim = await startAsleepSim({
    port: number(values.port, 4010, 'port'),
    host: values.host,
    apiKeys: values['api-key'],
    seed: number(values.seed, 1, 'seed'),
  });
  console.log(`asleep-sim listening on ${sim.url} (admin: ${sim.url}/_sim)`);
  const stopping = new AbortController();
  const done = new Promise<void>((resolve) =>
    stopping.signal.addEventListener('abort', () => resolve()),
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopping.abort());
  // As the apps read it: stop once the process that started this one has exited (a killed test
  // worker, say).
  if (process.env['STOP_WITH_PARENT'] === 'true') watchParent(() => stopping.abort());

  if (command === 'serve') {
    for (let i = 0; i < number(values.users, 0, 'users'); i++) {
      const { userId, nights } = sim.createUserWithNights({
        nights: number(values.nights, 7, 'nights'),
      });
      console.log(`user ${userId}: ${nights.map((night) => night.sessionId).join(' ')}`);
    }
    await done;
  } else {
    await runDemo(
      sim,
      {
        webhookUrl: webhookUrl as string,
        users: number(values.users, 5, 'users'),
        speed: values.speed === 'immediate' ? 'immediate' : number(values.speed, 600, 'speed'),
        daysBack: number(values['days-back'], 14, 'days-back'),
        version,
        concurrency: number(values.concurrency, 8, 'concurrency'),
        duplicates: number(values.duplicates, 0, 'duplicates'),
        registeredUsers: values['registered-users'],
      },
      (line) => console.log(line),
      stopping.signal,
    );
  }
  await sim.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
