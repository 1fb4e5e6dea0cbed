import { readFileSync } from 'node:fs';
import type { AnyDatabaseHandle } from '@sleep/persistence';

/**
 * CPU used so far by the server processes serving this database (a local server's /proc; 0 when
 * unreadable). Backends that ended before the call are not counted.
 */
export async function serverCpuMs(database: AnyDatabaseHandle): Promise<number> {
  const backends = await database.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database()',
  );
  const ticksPerMs = 100 / 1000; // USER_HZ
  let total = 0;
  for (const { pid } of backends) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
    } catch {
      // Not local, or the backend has gone.
    }
  }
  return total;
}
