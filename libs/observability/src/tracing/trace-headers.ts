import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Context,
  type TextMapGetter,
} from '@opentelemetry/api';

/** Kafka message headers as kafkajs types them: bytes when consumed, strings when produced. */
export type MessageHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const getter: TextMapGetter<MessageHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

/** The headers plus `traceparent` (and `tracestate`) of `ctx`; a copy, the input is left alone. */
export function withTraceHeaders(
  headers: MessageHeaders | undefined,
  ctx: Context = context.active(),
): MessageHeaders {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return { ...headers, ...carrier };
}

/** The trace context a message carries, or the root context when it carries none. */
export function traceContextOf(headers: MessageHeaders | undefined): Context {
  return headers ? propagation.extract(ROOT_CONTEXT, headers, getter) : ROOT_CONTEXT;
}

/** The `traceparent` of `ctx` (to store with a row), or undefined outside a trace. */
export function traceParentOf(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier['traceparent'];
}
