import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log4jProperties, randomClusterId, serverProperties } from './broker-config';
import {
  clearPidFiles,
  commandLine,
  OWNER_FILE,
  PID_FILE,
  readPid,
  recordedBroker,
  stopPid,
  terminateSync,
} from './broker-process';
import { isPortFree, waitForBroker } from './broker-readiness';
import { ensureKafkaJars } from './kafka-jars';
import { defaultStateDir } from './kafka-paths';
import { startOrphanGuard } from './orphan-guard';
import { runCommand } from './run-command';

export interface StartBrokerOptions {
  port?: number;
  controllerPort?: number;
  /** Defaults to `$SLEEP_STATE_DIR/kafka-<port>`, else `<cache>/state/kafka-<port>`. */
  stateDir?: string;
  heapMb?: number;
  /** Reuse the data folder (and its cluster id) of the previous start instead of a fresh one. */
  keepData?: boolean;
  readyTimeoutMs?: number;
  /** Broker settings added to or replacing the defaults of `serverProperties`. */
  overrides?: Record<string, string | number | boolean>;
  log?: (line: string) => void;
}

export interface BrokerTimings {
  jarsMs: number;
  formatMs: number;
  /** From spawning the JVM to the first answered Metadata request. */
  readyMs: number;
  totalMs: number;
}

export interface BrokerHandle {
  brokers: string[];
  pid: number;
  stateDir: string;
  logFile: string;
  timings: BrokerTimings;
  /** Settles with the JVM's exit code (null when ended by a signal). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
  /** SIGSTOP: the broker keeps its sockets open but answers nothing (a hung broker). */
  pause(): void;
  resume(): void;
}

const defaultLog = (line: string): void => void process.stderr.write(`[kafka-broker] ${line}\n`);
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

export async function startBroker(options: StartBrokerOptions = {}): Promise<BrokerHandle> {
  const started = Date.now();
  const port = options.port ?? 9092;
  const controllerPort = options.controllerPort ?? 9093;
  const heapMb = options.heapMb ?? 1024;
  const log = options.log ?? defaultLog;
  const stateDir = options.stateDir ?? defaultStateDir(port);
  const dataDir = join(stateDir, 'data');
  const logFile = join(stateDir, 'broker.log');
  const outFile = join(stateDir, 'broker.out');
  const propertiesFile = join(stateDir, 'server.properties');
  const log4jFile = join(stateDir, 'log4j.properties');

  const jars = await ensureKafkaJars({ log });
  mkdirSync(stateDir, { recursive: true });
  await clearStaleBroker(stateDir, port, log);
  for (const p of [port, controllerPort]) {
    if (!(await isPortFree(p))) throw new Error(`port ${p} on 127.0.0.1 is already in use (another broker?)`);
  }

  if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  writeFileSync(propertiesFile, serverProperties({ port, controllerPort, dataDir, overrides: options.overrides }));
  writeFileSync(log4jFile, log4jProperties(logFile));
  const log4jFlag = `-Dlog4j.configuration=file:${log4jFile}`;

  const formatStarted = Date.now();
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    // A short-lived JVM: C1 only and the serial collector start noticeably faster.
    await runCommand('java', [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      log4jFlag,
      '-cp',
      jars.classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      randomClusterId(),
      '-c',
      propertiesFile,
      '--ignore-formatted',
    ]);
  }
  const formatMs = Date.now() - formatStarted;

  const spawned = Date.now();
  const out = openSync(outFile, 'w');
  const child = spawn(
    'java',
    [
      `-Xms${Math.min(512, heapMb)}m`,
      `-Xmx${heapMb}m`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      log4jFlag,
      '-cp',
      jars.classpath,
      'kafka.Kafka',
      propertiesFile,
    ],
    // Own process group: a terminal's Ctrl-C reaches the owner, which then stops the broker in order.
    { cwd: stateDir, detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit((exitCode = code)));
    child.once('error', () => resolveExit((exitCode = -1)));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start java: ${await exited}`);

  writeFileSync(join(stateDir, PID_FILE), `${pid}\n`);
  writeFileSync(join(stateDir, OWNER_FILE), `${process.pid}\n`);
  const guardPid = startOrphanGuard(pid, join(stateDir, '/'));
  const onOwnerExit = (): void => terminateSync(pid);
  process.once('exit', onOwnerExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const stopStarted = Date.now();
      process.off('exit', onOwnerExit);
      const outcome = await stopPid(pid);
      stopGuard(guardPid);
      if (readPid(join(stateDir, PID_FILE)) === pid) clearPidFiles(stateDir);
      log(`kafka on 127.0.0.1:${port} ${outcome} in ${seconds(Date.now() - stopStarted)} s`);
    })());

  const brokers = [`127.0.0.1:${port}`];
  try {
    await waitForBroker(brokers, {
      timeoutMs: options.readyTimeoutMs ?? 60_000,
      abort: () => (exitCode === undefined ? undefined : `broker exited with code ${exitCode} before it was ready`),
    });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${tail(logFile)}${tail(outFile)}`);
  }
  const readyMs = Date.now() - spawned;
  const timings = { jarsMs: jars.ms, formatMs, readyMs, totalMs: Date.now() - started };
  log(
    `kafka ready on ${brokers[0]} in ${seconds(timings.totalMs)} s ` +
      `(jars ${seconds(jars.ms)} s, format ${seconds(formatMs)} s, jvm to ready ${seconds(readyMs)} s), pid ${pid}`,
  );

  return {
    brokers,
    pid,
    stateDir,
    logFile,
    timings,
    exited,
    stop,
    pause: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
  };
}

async function clearStaleBroker(stateDir: string, port: number, log: (line: string) => void): Promise<void> {
  const recorded = recordedBroker(stateDir);
  if (!recorded) return clearPidFiles(stateDir);
  if (recorded.ownerAlive) {
    throw new Error(
      `a broker (pid ${recorded.pid}, started by pid ${recorded.ownerPid}) already runs from ${stateDir}; ` +
        `stop it with: kafka-broker stop --port ${port}`,
    );
  }
  log(`stopping stale broker pid ${recorded.pid} (its owner is gone)`);
  await stopPid(recorded.pid);
  clearPidFiles(stateDir);
}

function stopGuard(pid: number | undefined): void {
  // The guard exits by itself within a second of the broker; this only saves that second.
  if (pid === undefined || !commandLine(pid)?.includes('kafka-broker-guard')) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8').trim();
  return text ? `--- ${file}\n${text.split('\n').slice(-lines).join('\n')}\n` : '';
}
