import { spawn } from 'node:child_process';
import { commandLine } from './broker-process';

// Process 'exit' handlers never run when the owner is SIGKILLed (e.g. a jest worker killed on
// timeout), so a tiny detached shell watches the owner and stops the broker when it disappears.
const SCRIPT = `
owner=$1; broker=$2; marker=$3
while kill -0 "$owner" 2>/dev/null && kill -0 "$broker" 2>/dev/null; do sleep 1; done
kill -0 "$broker" 2>/dev/null || exit 0
if [ -r "/proc/$broker/cmdline" ]; then
  case "$(tr '\\000' ' ' < "/proc/$broker/cmdline")" in *"$marker"*) ;; *) exit 0 ;; esac
fi
kill -CONT "$broker"; kill -TERM "$broker"
i=0; while kill -0 "$broker" 2>/dev/null && [ $i -lt 30 ]; do sleep 1; i=$((i+1)); done
kill -KILL "$broker" 2>/dev/null
exit 0
`;

/** Returns the guard's pid; `marker` must appear in the broker's command line. */
export function startOrphanGuard(brokerPid: number, marker: string): number | undefined {
  const guard = spawn(
    'sh',
    ['-c', SCRIPT, 'kafka-broker-guard', String(process.pid), String(brokerPid), marker],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  guard.on('error', () => undefined);
  guard.unref();
  return guard.pid;
}

export function stopOrphanGuard(pid: number | undefined): void {
  // The guard exits by itself within a second of the broker; this only saves that second.
  if (pid === undefined || !commandLine(pid)?.includes('kafka-broker-guard')) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
