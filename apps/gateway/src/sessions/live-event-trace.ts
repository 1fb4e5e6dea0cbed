import { context, SpanKind, trace } from '@opentelemetry/api';
import { traceContextOf, tracingEnabled, type MessageHeaders } from '@sleep/observability';

const tracer = () => trace.getTracer('gateway/live');

/**
 * Runs the fan-out of one event to the live stream's subscribers in a span of that event's own
 * trace (its `traceparent` header), so a webhook's trace ends where the app sees the event.
 */
export function inLiveEventSpan(headers: MessageHeaders, fanOut: () => void): void {
  if (!tracingEnabled()) return fanOut();
  const parent = traceContextOf(headers);
  const span = tracer().startSpan('sessions.live publish', { kind: SpanKind.INTERNAL }, parent);
  try {
    context.with(trace.setSpan(parent, span), fanOut);
  } finally {
    span.end();
  }
}
