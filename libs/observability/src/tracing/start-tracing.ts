import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  service: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string;
  /** Tests pass an in-memory exporter; spans are then exported one by one, at once. */
  exporter?: SpanExporter;
}

export interface Tracing {
  enabled: boolean;
  /** Exports what is still buffered, then turns tracing off again. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, shutdown: async () => undefined };

let provider: NodeTracerProvider | undefined;

/** True once `startTracing` turned tracing on: the code on hot paths checks this first. */
export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/**
 * Off (nothing registered, the API stays a no-op) unless an OTLP endpoint or an exporter is given.
 * On: one global provider with the AsyncLocalStorage context manager and the default W3C
 * TraceContext propagator. A second call while on leaves the first provider in place.
 */
export function startTracing({ service, otlpEndpoint, exporter }: TracingOptions): Tracing {
  if (!exporter && !otlpEndpoint) return OFF;
  if (provider) return { enabled: true, shutdown: async () => undefined };
  // Loaded only when tracing is on: the SDK and the exporter cost every idle service memory.
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { BatchSpanProcessor, SimpleSpanProcessor } =
    require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { NodeTracerProvider } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const spanProcessor = exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${otlpEndpoint!.replace(/\/+$/, '')}/v1/traces` }),
      );
  const started: NodeTracerProvider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [spanProcessor],
  });
  started.register();
  provider = started;
  return {
    enabled: true,
    shutdown: async () => {
      if (provider !== started) return;
      provider = undefined;
      await started.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
