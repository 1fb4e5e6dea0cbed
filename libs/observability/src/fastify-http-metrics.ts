import type { FastifyInstance } from 'fastify';
import { HttpMetrics } from './http-metrics';
import type { Registry } from 'prom-client';

/**
 * Records every answered request. Unknown paths share one label value so a
 * scanner cannot blow up the metric's cardinality.
 */
export function registerHttpMetrics(fastify: FastifyInstance, registry: Registry): HttpMetrics {
  const metrics = new HttpMetrics(registry);
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observe({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
    done();
  });
  return metrics;
}
