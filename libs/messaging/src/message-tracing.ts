import { context, SpanKind, SpanStatusCode, trace, type Link, type Span } from '@opentelemetry/api';
import {
  traceContextOf,
  tracingEnabled,
  withTraceHeaders,
  type MessageHeaders,
} from '@sleep/observability';
import type { OutgoingMessage } from './outgoing-message';

const tracer = () => trace.getTracer('@sleep/messaging');

export interface TracedPublish {
  messages: OutgoingMessage[];
  span?: Span;
}

/**
 * Inside a trace (tracing on and a span active), one PRODUCER span per publish call, its context
 * in each message's `traceparent`/`tracestate` headers. A message that already carries a
 * `traceparent` (one relayed on behalf of an earlier trace) keeps it. Outside a trace nothing
 * changes. Callers check `tracingEnabled()` first, so that tracing off costs one boolean test.
 */
export function tracePublish(topic: string, messages: OutgoingMessage[]): TracedPublish {
  if (!trace.getActiveSpan()) return { messages };
  const span = tracer().startSpan(`send ${topic}`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': topic,
      'messaging.batch.message_count': messages.length,
    },
  });
  const ctx = trace.setSpan(context.active(), span);
  return {
    span,
    messages: messages.map((message) =>
      message.headers?.['traceparent']
        ? message
        : { ...message, headers: withTraceHeaders(message.headers, ctx) },
    ),
  };
}

export function endSpan(span: Span | undefined, error?: Error): void {
  if (!span) return;
  if (error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
  span.end();
}

export interface BatchTrace {
  topic: string;
  partition: number;
  groupId: string;
  messages: readonly { headers?: MessageHeaders }[];
}

/**
 * Runs a batch's handler in one CONSUMER span ("process <topic>"). Following the OTel messaging
 * conventions for batches, the span links to every message's trace context; it is also the child
 * of the first message that carries one, so a single webhook's trace continues unbroken through
 * the broker hop. Tracing off: the handler runs as is.
 */
export function traceBatch<R>(batch: BatchTrace, handle: () => Promise<R>): Promise<R> {
  // Not an async function: tracing off, the handler's promise is returned as is (no extra ticks).
  return tracingEnabled() ? handleInSpan(batch, handle) : handle();
}

async function handleInSpan<R>(batch: BatchTrace, handle: () => Promise<R>): Promise<R> {
  const links: Link[] = [];
  for (const { headers } of batch.messages) {
    const spanContext = trace.getSpanContext(traceContextOf(headers));
    if (spanContext && trace.isSpanContextValid(spanContext)) links.push({ context: spanContext });
  }
  const parent = links[0] ? trace.setSpanContext(context.active(), links[0].context) : undefined;
  const span = tracer().startSpan(
    `process ${batch.topic}`,
    {
      kind: SpanKind.CONSUMER,
      links,
      root: !parent,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': batch.topic,
        'messaging.destination.partition.id': String(batch.partition),
        'messaging.consumer.group.name': batch.groupId,
        'messaging.batch.message_count': batch.messages.length,
      },
    },
    parent,
  );
  try {
    const result = await context.with(trace.setSpan(parent ?? context.active(), span), handle);
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error as Error);
    throw error;
  }
}
