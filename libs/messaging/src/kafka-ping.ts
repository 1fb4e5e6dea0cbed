import type { Admin } from 'kafkajs';

interface Probe {
  result: Promise<boolean>;
  startedAt: number;
}

const inFlight = new WeakMap<Admin, Probe>();

/**
 * True when the cluster answers a Metadata request within `timeoutMs`. Overlapping checks share
 * one request, so a dead broker does not pile up retrying calls behind the timeout; a request
 * stuck for much longer than the timeout (a hung broker) is abandoned and a fresh one is sent.
 */
export function checkKafka(admin: Admin, timeoutMs = 1_500): Promise<boolean> {
  let probe = inFlight.get(admin);
  if (!probe || Date.now() - probe.startedAt > 5 * timeoutMs) {
    const result: Promise<boolean> = admin
      .describeCluster()
      .then((cluster) => cluster.brokers.length > 0)
      .catch(() => false)
      .finally(() => {
        if (inFlight.get(admin)?.result === result) inFlight.delete(admin);
      });
    probe = { result, startedAt: Date.now() };
    inFlight.set(admin, probe);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([probe.result, timeout]).finally(() => clearTimeout(timer));
}
