// kafka-broker start|stop|jars: run a local single-node Kafka in the foreground, or stop one.
import { parseArgs } from 'node:util';
import { startBroker, type BrokerHandle } from './broker';
import { stopRecordedBroker } from './broker-process';
import { ensureKafkaJars } from './kafka-jars';
import { defaultStateDir } from './kafka-paths';

const USAGE = `usage: kafka-broker <start|stop|jars> [options]
  --port <n>             client port (default 9092)
  --controller-port <n>  KRaft controller port (default port + 1)
  --state-dir <dir>      state folder (default $SLEEP_STATE_DIR/kafka-<port> or <cache>/state/kafka-<port>)
  --heap-mb <n>          broker heap (start, default 1024)
  --keep-data            keep the previous data folder (start)`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '9092' },
      'controller-port': { type: 'string' },
      'state-dir': { type: 'string' },
      'heap-mb': { type: 'string' },
      'keep-data': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = Number(values.port);
  const stateDir = values['state-dir'] ?? defaultStateDir(port);
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (command === 'jars') {
    const jars = await ensureKafkaJars({ log: console.log });
    console.log(
      `${jars.dir} (${jars.resolved ? 'resolved' : 'cached'}, ${(jars.ms / 1000).toFixed(1)} s)`,
    );
    return 0;
  }
  if (command === 'stop') {
    const pid = await stopRecordedBroker(stateDir);
    console.log(
      pid ? `stopped broker pid ${pid} (${stateDir})` : `no running broker recorded in ${stateDir}`,
    );
    return 0;
  }
  if (command === 'start') return runForeground(port, stateDir, values);
  console.error(`unknown command ${command}\n${USAGE}`);
  return 2;
}

async function runForeground(
  port: number,
  stateDir: string,
  values: { 'controller-port'?: string; 'heap-mb'?: string; 'keep-data'?: boolean },
): Promise<number> {
  // Read by the signal handler before it is assigned, hence a holder rather than a `let`.
  const running: { broker?: BrokerHandle } = {};
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping kafka`);
    // Before the broker is ready there is no handle yet: exiting runs startBroker's 'exit' hook.
    if (!running.broker) process.exit(130);
    void running.broker.stop().then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  const broker = await startBroker({
    port,
    controllerPort: values['controller-port'] ? Number(values['controller-port']) : port + 1,
    stateDir,
    heapMb: values['heap-mb'] ? Number(values['heap-mb']) : undefined,
    keepData: values['keep-data'],
    log: console.log,
  });
  running.broker = broker;
  console.log(`state in ${broker.stateDir}, broker log ${broker.logFile}; Ctrl-C stops it`);
  const code = await broker.exited;
  if (stopping) return new Promise(() => undefined);
  // 143 = 128 + SIGTERM: someone ran `kafka-broker stop` for this state folder.
  if (code === 143 || code === 0) {
    console.log(`kafka was stopped (code ${code})`);
    return 0;
  }
  console.error(`kafka exited by itself (code ${code}); see ${broker.logFile}`);
  await broker.stop();
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
