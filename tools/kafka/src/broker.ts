import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log4jProperties, serverProperties } from './broker-config';
import { formatStorage, spawnBrokerJvm, tail } from './broker-jvm';
import {
  type BrokerCredentials,
  type BrokerSecurityOptions,
  checkSecurityOptions,
  credentials,
  makeBrokerKeystore,
  scramFormatArgs,
  securityProperties,
} from './broker-security';
import {
  clearPidFiles,
  clearStaleBroker,
  isBrokerOf,
  OWNER_FILE,
  pausePid,
  PID_FILE,
  readPid,
  stopPid,
  terminateSync,
} from './broker-process';
import { isPortFree, waitForBroker } from './broker-readiness';
import { ensureKafkaJars } from './kafka-jars';
import { defaultStateDir } from './kafka-paths';
import { startOrphanGuard, stopOrphanGuard } from './orphan-guard';

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
  /** TLS + SASL (SCRAM, PLAIN) only, every request authorized by ACL; a fresh data folder. */
  security?: BrokerSecurityOptions;
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
  /** Set for a secured broker: the CA to trust, the super user and the SCRAM users. */
  credentials?: BrokerCredentials;
  stop(): Promise<void>;
  /**
   * SIGSTOP, settled once every thread has stopped: the broker keeps its sockets open but answers
   * nothing (a hung broker).
   */
  pause(): Promise<void>;
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
    if (!(await isPortFree(p)))
      throw new Error(`port ${p} on 127.0.0.1 is already in use (another broker?)`);
  }

  if (!options.keepData || options.security) rmSync(dataDir, { recursive: true, force: true });
  const files = { classpath: jars.classpath, propertiesFile, log4jFile };
  let secured: { credentials: BrokerCredentials; formatArgs: string[] } | undefined;
  let securitySettings: Record<string, string | boolean> = {};
  if (options.security) {
    checkSecurityOptions(options.security);
    const superUser = {
      username: options.security.superUser ?? 'admin',
      password: randomBytes(12).toString('hex'),
    };
    const { keystore, truststore, password, caFile } = await makeBrokerKeystore(stateDir);
    const { users } = options.security;
    securitySettings = securityProperties({
      port,
      controllerPort,
      keystore,
      truststore,
      keystorePassword: password,
      superUser,
      users,
    });
    secured = {
      credentials: credentials(caFile, superUser, users),
      formatArgs: scramFormatArgs(superUser, users),
    };
  }
  const properties = serverProperties({
    port,
    controllerPort,
    dataDir,
    overrides: { ...securitySettings, ...options.overrides },
  });
  writeFileSync(propertiesFile, properties);
  writeFileSync(log4jFile, log4jProperties(logFile));

  const formatStarted = Date.now();
  if (!existsSync(join(dataDir, 'meta.properties')))
    await formatStorage(files, secured?.formatArgs);
  const formatMs = Date.now() - formatStarted;

  const spawned = Date.now();
  const jvm = await spawnBrokerJvm({ ...files, cwd: stateDir, outFile, heapMb });
  const { pid, exited } = jvm;
  writeFileSync(join(stateDir, PID_FILE), `${pid}\n`);
  writeFileSync(join(stateDir, OWNER_FILE), `${process.pid}\n`);
  const guardPid = startOrphanGuard(pid, join(stateDir, '/'));
  const isRunning = (): boolean => jvm.exitCode() === undefined;
  // Checked because pids are reused: never signal a process that is no longer this broker.
  const onOwnerExit = (): void => {
    if (isRunning() && isBrokerOf(pid, stateDir)) terminateSync(pid);
  };
  process.once('exit', onOwnerExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const stopStarted = Date.now();
      process.off('exit', onOwnerExit);
      const outcome = isRunning() ? await stopPid(pid) : 'had already exited';
      // Until Node reaps the child it is a zombie that still answers kill(pid, 0).
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      stopOrphanGuard(guardPid);
      if (readPid(join(stateDir, PID_FILE)) === pid) clearPidFiles(stateDir);
      log(`kafka on 127.0.0.1:${port} ${outcome} in ${seconds(Date.now() - stopStarted)} s`);
    })());

  const signalRunning = (signal: NodeJS.Signals): void => {
    if (!isRunning()) throw new Error(`kafka on 127.0.0.1:${port} has exited`);
    process.kill(pid, signal);
  };

  const brokers = [`127.0.0.1:${port}`];
  try {
    await waitForBroker(brokers, {
      timeoutMs: options.readyTimeoutMs ?? 60_000,
      client: secured && {
        ca: secured.credentials.ca,
        sasl: { mechanism: 'scram-sha-512', ...secured.credentials.superUser },
      },
      abort: () => {
        const code = jvm.exitCode();
        return code === undefined
          ? undefined
          : `broker exited with code ${code} before it was ready`;
      },
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
    credentials: secured?.credentials,
    stop,
    pause: async () => {
      if (!isRunning()) throw new Error(`kafka on 127.0.0.1:${port} has exited`);
      await pausePid(pid);
    },
    resume: () => signalRunning('SIGCONT'),
  };
}
