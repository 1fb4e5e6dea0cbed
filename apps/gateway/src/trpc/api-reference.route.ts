import type { FastifyInstance, FastifyReply, FastifyRequest, InjectOptions } from 'fastify';
import Fastify from 'fastify';

const DOCS_PREFIX = '/docs';

/**
 * The API reference at `/docs`, drawn by Scalar from `/openapi.json`. Scalar's plugin holds its
 * ~5 MB browser bundle in memory (about 20 MB of RSS), so it is loaded on the first visit, into a
 * Fastify instance of its own that never listens; the gateway forwards `/docs` requests to it.
 */
export function registerApiReference(fastify: FastifyInstance): void {
  let reference: Promise<FastifyInstance> | undefined;
  const load = async (): Promise<FastifyInstance> => {
    // ESM-only package: imported dynamically, which also defers its cost to the first visit.
    const { default: apiReference } = await import('@scalar/fastify-api-reference');
    const inner = Fastify({ logger: false });
    await inner.register(apiReference, {
      routePrefix: DOCS_PREFIX,
      logLevel: 'silent',
      configuration: {
        url: '/openapi.json',
        title: 'Sleep platform API',
        authentication: { preferredSecurityScheme: 'bearer' },
      },
    });
    await inner.ready();
    return inner;
  };
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    reference ??= load().catch((error: unknown) => {
      reference = undefined;
      throw error;
    });
    const inner = await reference;
    const options: InjectOptions = {
      method: request.method as InjectOptions['method'],
      url: request.url,
      headers: request.headers,
    };
    const answer = await inner.inject(options);
    const { connection, 'transfer-encoding': chunked, ...headers } = answer.headers;
    void connection;
    void chunked;
    return reply.code(answer.statusCode).headers(headers).send(answer.rawPayload);
  };
  for (const url of [DOCS_PREFIX, `${DOCS_PREFIX}/`, `${DOCS_PREFIX}/*`])
    fastify.route({ method: ['GET', 'HEAD'], url, logLevel: 'silent', handler: forward });
}
