import { trace } from '@opentelemetry/api';

/** A pino mixin: `trace_id` and `span_id` on every line written while a span is active. */
export function traceLogFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
