import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds used so far by each kind of thread of a process, by the name the thread carries
 * (`main`, V8's helper threads `V8Worker`, libuv's pool, ...; Linux's 100 clock ticks a second):
 * which of them grows tells where work off the main thread goes. Empty where /proc is missing.
 */
export function threadCpuSeconds(pid: number | undefined): Map<string, number> {
  const byName = new Map<string, number>();
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const name =
        task === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      byName.set(name, (byName.get(name) ?? 0) + seconds);
    }
  } catch {
    // A thread that ended between the listing and its read: the figures are a sample anyway.
  }
  return byName;
}

/**
 * The same, summed by pool: a JVM numbers the threads of a pool
 * (`data-plane-kafka-request-handler-3`), so digits are left out of each name (`#`).
 */
export function threadCpuSecondsByKind(pid: number | undefined): Map<string, number> {
  const byKind = new Map<string, number>();
  for (const [name, seconds] of threadCpuSeconds(pid)) {
    const kind = name.replace(/\d+/g, '#');
    byKind.set(kind, (byKind.get(kind) ?? 0) + seconds);
  }
  return byKind;
}
