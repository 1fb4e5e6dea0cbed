import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per app instance rather than prom-client's global one, so a test
 * can boot the same app twice in one process.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
