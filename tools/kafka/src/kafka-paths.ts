import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The Maven project that lists the broker jars; its `kafka.version` names the cache folder. */
export const POM_PATH = resolve(__dirname, '..', 'pom.xml');

export function kafkaVersion(pomPath = POM_PATH): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pomPath, 'utf8'));
  if (!match) throw new Error(`no <kafka.version> property in ${pomPath}`);
  return match[1].trim();
}

/** Caches live outside the repository so that a clean checkout stays small and jars survive `git clean`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SLEEP_CACHE_DIR) return resolve(env.SLEEP_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'sleep-platform');
}

export function jarsDir(version = kafkaVersion(), env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), `kafka-${version}`, 'libs');
}

export function defaultStateDir(port: number, env: NodeJS.ProcessEnv = process.env): string {
  const root = env.SLEEP_STATE_DIR ? resolve(env.SLEEP_STATE_DIR) : join(cacheRoot(env), 'state');
  return join(root, `kafka-${port}`);
}
