import { readdirSync, readFileSync } from 'node:fs';
import type { AnyDatabaseHandle } from '@sleep/persistence';

const TICKS_PER_MS = 100 / 1000; // USER_HZ

/**
 * CPU used so far by each server process serving this database (a local server's /proc; none
 * when unreadable), by pid.
 */
export async function backendCpuMs(database: AnyDatabaseHandle): Promise<Map<number, number>> {
  const backends = await database.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database()',
  );
  const used = new Map<number, number>();
  for (const { pid } of backends) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS);
    } catch {
      // Not local, or the backend has gone.
    }
  }
  return used;
}

/**
 * CPU used so far by the server processes serving this database (0 when unreadable). Backends
 * that ended before the call are not counted.
 */
export async function serverCpuMs(database: AnyDatabaseHandle): Promise<number> {
  let total = 0;
  for (const ms of (await backendCpuMs(database)).values()) total += ms;
  return total;
}

/**
 * Starts measuring the CPU of this database's backends; the function returned tells how much they
 * used since. A backend that ends in between is not counted (the pools' idle ones may).
 */
export async function measureBackendCpu(database: AnyDatabaseHandle) {
  const before = await backendCpuMs(database);
  return async () => {
    let used = 0;
    for (const [pid, ms] of await backendCpuMs(database)) used += ms - (before.get(pid) ?? 0);
    return used;
  };
}

/** CPU ms a local process's threads used so far: [all threads, main thread] (Linux /proc). */
export function processCpuMs(pid: number): [number, number] {
  let all = 0;
  let main = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const fields = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8').split(') ')[1].split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS;
    all += ms;
    if (task === String(pid)) main = ms;
  }
  return [all, main];
}
