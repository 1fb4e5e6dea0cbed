import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { traceContextOf, withTraceHeaders } from '@sleep/observability';

const tracer = () => trace.getTracer('session-service/outbox');

export interface OutboxPublishSpan {
  /** The message's headers with this span's `traceparent`. */
  headers: Record<string, string>;
  end(error?: Error): void;
}

/**
 * The relay publishes long after the transaction that wrote the row, in a loop of its own: the
 * row's stored `traceparent` makes its PRODUCER span a child of that transaction's trace.
 */
export function startOutboxPublishSpan(
  topic: string,
  traceParent: string,
  headers: Record<string, string>,
): OutboxPublishSpan {
  const parent = traceContextOf({ traceparent: traceParent });
  const span: Span = tracer().startSpan(
    `outbox publish ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
      },
    },
    parent,
  );
  return {
    headers: withTraceHeaders(headers, trace.setSpan(parent, span)) as Record<string, string>,
    end(error) {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      span.end();
    },
  };
}
