export * from './logger-options';
export * from './metrics-registry';
export * from './http-metrics';
export * from './fastify-http-metrics';
export * from './tracing';
export * from './sampled-log';
