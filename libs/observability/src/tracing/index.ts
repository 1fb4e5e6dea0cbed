export { startTracing, tracingEnabled, type Tracing, type TracingOptions } from './start-tracing';
export {
  traceContextOf,
  traceParentOf,
  withTraceHeaders,
  type MessageHeaders,
} from './trace-headers';
export { traceLogFields } from './log-trace-fields';
export { registerHttpTracing } from './fastify-tracing';
