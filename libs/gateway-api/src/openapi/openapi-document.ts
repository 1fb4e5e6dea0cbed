import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { appRouter } from '../routers/_app';
import { exportDownloadPaths } from './export-downloads.openapi';

/** Where the REST routes live, for clients that cannot speak tRPC (e.g. native mobile apps). */
export const REST_BASE_PATH = '/api';

/** OpenAPI 3.1 of the REST routes: every procedure but the SSE subscription, and the downloads. */
export function openApiDocument(baseUrl: string): OpenAPIObject {
  const document = generateOpenApiDocument(appRouter, {
    title: 'Sleep platform API',
    description:
      'Sleep sessions, users and statistics of one tenant, on top of Asleep. Authenticate with ' +
      '`Authorization: Bearer <JWT>`. Errors: `{ message, code, issues? }`; 429 and 503 carry `Retry-After`.',
    version: '1.0.0',
    openApiVersion: '3.1.0',
    baseUrl: `${baseUrl.replace(/\/+$/, '')}${REST_BASE_PATH}`,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  });
  return { ...document, paths: { ...document.paths, ...exportDownloadPaths } };
}
