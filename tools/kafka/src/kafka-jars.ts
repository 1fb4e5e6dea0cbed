import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { jarsDir, kafkaVersion, POM_PATH } from './kafka-paths';
import { isAlive } from './broker-process';
import { runCommand } from './run-command';

export interface KafkaJars {
  dir: string;
  /** A JVM classpath entry; the JVM expands the wildcard itself. */
  classpath: string;
  version: string;
  /** False when the marker showed the jars were already complete (no Maven run). */
  resolved: boolean;
  ms: number;
}

export interface EnsureJarsOptions {
  version?: string;
  dir?: string;
  pomPath?: string;
  log?: (line: string) => void;
}

const MARKER = '.complete';
const LOCK_WAIT_MS = 10 * 60_000;

/** Resolves the broker jars with Maven once; later calls only check the marker file. */
export async function ensureKafkaJars(options: EnsureJarsOptions = {}): Promise<KafkaJars> {
  const started = Date.now();
  const pomPath = options.pomPath ?? POM_PATH;
  const version = options.version ?? kafkaVersion(pomPath);
  const dir = options.dir ?? jarsDir(version);
  const result = (resolved: boolean): KafkaJars => ({
    dir,
    classpath: join(dir, '*'),
    version,
    resolved,
    ms: Date.now() - started,
  });
  if (isComplete(dir)) return result(false);

  mkdirSync(dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  await acquireLock(lock);
  try {
    // Another process may have finished while this one waited for the lock.
    if (isComplete(dir)) return result(false);
    options.log?.(`resolving Kafka ${version} jars with Maven into ${dir}`);
    await runCommand(
      'mvn',
      [
        '-B',
        '-q',
        '-f',
        pomPath,
        `-Dkafka.version=${version}`,
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
        `-DoutputDirectory=${dir}`,
        '-DincludeScope=runtime',
      ],
      'Install Maven 3.8+ (it fetches the Kafka jars from Maven Central once).',
    );
    const jars = readdirSync(dir).filter((name) => name.endsWith('.jar'));
    if (!jars.some((name) => name.startsWith(`kafka_2.13-${version}`))) {
      throw new Error(`Maven finished but ${dir} holds no kafka_2.13-${version} jar`);
    }
    writeFileSync(join(dir, MARKER), `${version}\n${jars.sort().join('\n')}\n`);
    return result(true);
  } finally {
    rmSync(lock, { force: true });
  }
}

function isComplete(dir: string): boolean {
  const marker = join(dir, MARKER);
  if (!existsSync(marker)) return false;
  const jars = readFileSync(marker, 'utf8').split('\n').slice(1).filter(Boolean);
  return jars.length > 0 && jars.every((jar) => existsSync(join(dir, jar)));
}

/** An exclusive lock file holding the owner's pid, so parallel test workers run Maven once. */
async function acquireLock(lock: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // An empty lock was just created and not yet written: wait as for a live owner.
    const owner = Number(readIfExists(lock).trim());
    if (owner && !isAlive(owner)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${lock} (held by pid ${owner})`);
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 500));
  }
}

function readIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
