/**
 * Calls `onGone` once the process that started this one has exited (the kernel then hands this
 * process to another parent, so `process.ppid` changes). Polled: Node has no parent-death signal.
 */
export function watchParent(onGone: () => void, intervalMs = 500): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
}
