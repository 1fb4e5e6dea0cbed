import type { Admin } from 'kafkajs';

const inFlight = new WeakMap<Admin, Promise<boolean>>();

/**
 * True when the cluster answers a Metadata request within `timeoutMs`. Probes that overlap
 * share one request, so a dead broker does not pile up retrying calls behind the timeout.
 */
export function checkKafka(admin: Admin, timeoutMs = 1_500): Promise<boolean> {
  let probe = inFlight.get(admin);
  if (!probe) {
    probe = admin
      .describeCluster()
      .then((cluster) => cluster.brokers.length > 0)
      .catch(() => false)
      .finally(() => inFlight.delete(admin));
    inFlight.set(admin, probe);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
}
