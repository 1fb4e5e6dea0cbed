// nx run ops:dlq-replay -- --dlq <topic> [--reason r] [--since ISO time] [--dry-run]
import { parseArgs } from 'node:util';
import { kafkaSecurityFromEnv } from '@sleep/messaging';
import { replayDeadLetters } from './replay';

const USAGE = `usage: nx run ops:dlq-replay -- --dlq <dead-letter topic> [--reason <reason>] [--since <ISO time>] [--dry-run]
Re-drives dead letters into their source topics (KAFKA_BROKERS, default 127.0.0.1:9092;
KAFKA_TLS*, KAFKA_SASL_* as for the services).`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dlq: { type: 'string' },
      reason: { type: 'string' },
      since: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.dlq) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const since = values.since ? new Date(values.since) : undefined;
  if (since && Number.isNaN(since.getTime())) {
    console.error(`--since: not an ISO time: ${values.since}`);
    return 2;
  }
  const result = await replayDeadLetters({
    brokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    security: kafkaSecurityFromEnv(process.env),
    dlq: values.dlq,
    reason: values.reason,
    since,
    dryRun: values['dry-run'],
  });
  console.log(
    JSON.stringify(
      {
        dryRun: values['dry-run'],
        byReason: result.byReason,
        unreadable: result.unreadable,
        truncated: result.truncated,
        selected: result.replays.length,
        replayed: result.replayed,
      },
      null,
      2,
    ),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
