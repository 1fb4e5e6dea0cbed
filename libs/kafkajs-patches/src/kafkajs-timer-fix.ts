/** Marks the patched class, so the method is wrapped once per kafkajs instance. */
const PATCHED = Symbol.for('sleep-platform.kafkajs-timer-fix');

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
  [PATCHED]?: true;
}

/**
 * kafkajs 2.2.4 re-arms a setTimeout of (throttledUntil - now) after every response, even with
 * nothing pending: a negative delay, i.e. a 1 ms timer loop per broker connection for the whole
 * life of the connection. Node 24 also prints TimeoutNegativeWarning for it. kafkajs issue #1751,
 * unmerged fixes #1755/#1768; kafkajs is no longer released, so the fix is applied here once.
 */
export function applyKafkajsTimerFix(): void {
  let RequestQueue: { prototype: RequestQueueInternals } | undefined;
  try {
    // The same module instance kafkajs itself loads (kafkajs has no "exports" map).
    RequestQueue = require('kafkajs/src/network/requestQueue');
  } catch {
    return;
  }
  const original = RequestQueue?.prototype.scheduleCheckPendingRequests;
  if (!RequestQueue || typeof original !== 'function' || RequestQueue.prototype[PATCHED]) return;
  RequestQueue.prototype[PATCHED] = true;
  RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    // Nothing queued and no throttle to wait out: a later push() schedules the check again.
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    original.call(this);
  };
}
