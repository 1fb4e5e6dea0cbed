import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTracing, traceLogFields } from '@sleep/observability';
import { inLiveEventSpan } from './live-event-trace';

describe('inLiveEventSpan', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const parentId = '00f067aa0ba902b7';
  const headers = { traceparent: Buffer.from(`00-${traceId}-${parentId}-01`) };

  it('fans out untraced while tracing is off', () => {
    let fields: Record<string, string> | undefined;
    inLiveEventSpan(headers, () => (fields = traceLogFields()));
    expect(fields).toEqual({});
  });

  it("fans out in a span of the event's own trace while tracing is on", async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ service: 'gateway-spec', exporter });
    try {
      let fields: Record<string, string> = {};
      inLiveEventSpan(headers, () => (fields = traceLogFields()));
      const [span] = exporter.getFinishedSpans();
      expect(span.name).toBe('sessions.live publish');
      expect(span.spanContext().traceId).toBe(traceId);
      expect(span.parentSpanContext?.spanId).toBe(parentId);
      expect(fields).toEqual({ trace_id: traceId, span_id: span.spanContext().spanId });
    } finally {
      await tracing.shutdown();
    }
  });
});
