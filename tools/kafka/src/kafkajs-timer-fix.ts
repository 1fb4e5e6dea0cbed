/** Shared with the copy in the other project, so the method is wrapped once per kafkajs instance. */
const PATCHED = Symbol.for('sleep-platform.kafkajs-timer-fix');

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
  [PATCHED]?: true;
}

/**
 * kafkajs 2.2.4 re-arms a negative setTimeout after every response (a 1 ms timer loop per
 * connection, and a TimeoutNegativeWarning on Node 24): kafkajs issue #1751. The same fix as
 * libs/messaging applies to the services; repeated here because a tool must not import a lib
 * that imports it back (libs/messaging/testing starts brokers with this tool).
 */
export function applyKafkajsTimerFix(): void {
  let RequestQueue: { prototype: RequestQueueInternals } | undefined;
  try {
    RequestQueue = require('kafkajs/src/network/requestQueue');
  } catch {
    return;
  }
  const original = RequestQueue?.prototype.scheduleCheckPendingRequests;
  if (!RequestQueue || typeof original !== 'function' || RequestQueue.prototype[PATCHED]) return;
  RequestQueue.prototype[PATCHED] = true;
  RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    original.call(this);
  };
}
