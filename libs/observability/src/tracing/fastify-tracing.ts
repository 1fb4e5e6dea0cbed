import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { traceContextOf } from './trace-headers';

const spans = new WeakMap<FastifyRequest, Span>();
const tracer = () => trace.getTracer('@sleep/observability/http');

/** Probes and scrapes would drown the traces that matter. */
const UNTRACED = /^\/(health|metrics)(\/|$|\?)/;

/**
 * One SERVER span per request, continuing the caller's `traceparent` if it sent one. The handler
 * runs inside the span's context (set in preHandler, after the body was read), so spans and log
 * lines it makes belong to the request. Registered only while tracing is on.
 */
export function registerHttpTracing(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (UNTRACED.test(request.url)) return done();
    const parent = traceContextOf(request.headers as Record<string, string | string[]>);
    const route = request.routeOptions.url ?? 'unmatched';
    const span = tracer().startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          'url.path': request.url.split('?')[0],
        },
      },
      parent,
    );
    spans.set(request, span);
    context.with(trace.setSpan(parent, span), done);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (!span) return done();
    context.with(trace.setSpan(context.active(), span), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}
