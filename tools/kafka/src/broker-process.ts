import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const PID_FILE = 'broker.pid';
/** The pid of the process that started the broker; a broker whose owner died is stale. */
export const OWNER_FILE = 'broker.owner';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** A killed process whose parent has not reaped it yet still answers signal 0. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** The command line of a live process, or undefined (gone, or no /proc on this OS). */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** Pids are reused: only a process whose command line names our state folder is our broker. */
export function isBrokerOf(pid: number, stateDir: string): boolean {
  return isAlive(pid) && (commandLine(pid)?.includes(join(stateDir, '/')) ?? false);
}

export function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
  }
  return true;
}

/**
 * TERM lets the broker shut down cleanly (flush, deregister); KILL after the grace period.
 * CONT first: a paused (SIGSTOP) JVM would not act on TERM until continued.
 */
export async function stopPid(
  pid: number,
  graceMs = 30_000,
): Promise<'terminated' | 'killed' | 'absent'> {
  if (!isAlive(pid)) return 'absent';
  signal(pid, 'SIGCONT');
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return 'terminated';
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
  return 'killed';
}

/** A synchronous last resort for process 'exit' handlers, which cannot await. */
export function terminateSync(pid: number): void {
  signal(pid, 'SIGCONT');
  signal(pid, 'SIGTERM');
}

export interface RecordedBroker {
  pid: number;
  ownerPid?: number;
  ownerAlive: boolean;
}

/** The broker recorded in a state folder, if that pid is still our broker. */
export function recordedBroker(stateDir: string): RecordedBroker | undefined {
  const pid = readPid(join(stateDir, PID_FILE));
  if (pid === undefined || !isBrokerOf(pid, stateDir)) return undefined;
  const ownerPid = readPid(join(stateDir, OWNER_FILE));
  return { pid, ownerPid, ownerAlive: ownerPid !== undefined && isAlive(ownerPid) };
}

/** Stops the broker recorded in the state folder (if any) and removes the pid files. */
export async function stopRecordedBroker(
  stateDir: string,
  graceMs?: number,
): Promise<number | undefined> {
  const recorded = recordedBroker(stateDir);
  if (recorded) await stopPid(recorded.pid, graceMs);
  clearPidFiles(stateDir);
  return recorded?.pid;
}

export function clearPidFiles(stateDir: string): void {
  rmSync(join(stateDir, PID_FILE), { force: true });
  rmSync(join(stateDir, OWNER_FILE), { force: true });
}

/**
 * A broker recorded in the state folder whose owner died is stopped; one whose owner still
 * runs belongs to someone else's session and is left alone.
 */
export async function clearStaleBroker(
  stateDir: string,
  port: number,
  log: (line: string) => void,
): Promise<void> {
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

/** The state letters of every thread of `pid` (from /proc), empty when it is gone. */
function threadStates(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return stat.charAt(stat.lastIndexOf(')') + 2);
    });
  } catch {
    return [];
  }
}

/**
 * SIGSTOP, then waits until every thread has stopped: a signal reaches a busy JVM's threads only as
 * each is scheduled, and until then the broker can still answer a request.
 */
export async function pausePid(pid: number, timeoutMs = 10_000): Promise<void> {
  signal(pid, 'SIGSTOP');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = threadStates(pid);
    if (states.length > 0 && states.every((state) => state === 'T' || state === 't')) return;
    if (Date.now() > deadline) throw new Error(`process ${pid} did not stop: ${states.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
