import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { randomClusterId } from './broker-config';
import { runCommand } from './run-command';

export interface JvmFiles {
  classpath: string;
  propertiesFile: string;
  log4jFile: string;
}

const log4jFlag = (files: JvmFiles): string => `-Dlog4j.configuration=file:${files.log4jFile}`;

/** `kafka-storage format` with a fresh cluster id; `extraArgs` e.g. SCRAM users (`--add-scram`). */
export async function formatStorage(files: JvmFiles, extraArgs: string[] = []): Promise<void> {
  await runCommand('java', [
    // A short-lived JVM: C1 only and the serial collector start about 100 ms faster.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    log4jFlag(files),
    '-cp',
    files.classpath,
    'kafka.tools.StorageTool',
    'format',
    '-t',
    randomClusterId(),
    '-c',
    files.propertiesFile,
    '--ignore-formatted',
    ...extraArgs,
  ]);
}

export interface BrokerJvm {
  pid: number;
  /** Settles with the exit code (null when ended by a signal, -1 when java could not start). */
  exited: Promise<number | null>;
  /** The exit code once exited, else undefined. */
  exitCode(): number | null | undefined;
}

export async function spawnBrokerJvm(
  files: JvmFiles & { cwd: string; outFile: string; heapMb: number },
): Promise<BrokerJvm> {
  const out = openSync(files.outFile, 'w');
  const child = spawn(
    'java',
    [
      `-Xms${Math.min(512, files.heapMb)}m`,
      `-Xmx${files.heapMb}m`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      log4jFlag(files),
      '-cp',
      files.classpath,
      'kafka.Kafka',
      files.propertiesFile,
    ],
    // Own process group: a terminal's Ctrl-C reaches the owner, which then stops the broker in order.
    { cwd: files.cwd, detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (exitCode) => resolveExit((code = exitCode)));
    child.once('error', () => resolveExit((code = -1)));
  });
  if (child.pid === undefined) {
    await exited;
    throw new Error(`could not start java (is a JDK 17+ on PATH?)\n${tail(files.outFile)}`);
  }
  return { pid: child.pid, exited, exitCode: () => code };
}

export function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8').trim();
  return text ? `--- ${file}\n${text.split('\n').slice(-lines).join('\n')}\n` : '';
}
