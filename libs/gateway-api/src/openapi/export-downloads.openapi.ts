import type { OpenAPIObject } from 'trpc-to-openapi';

type Paths = NonNullable<OpenAPIObject['paths']>;

const errorResponse = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          message: { type: 'string' },
          code: { type: 'string' },
          issues: { type: 'array', items: {} },
        },
        required: ['message', 'code'],
      },
    },
  },
});

const errors = {
  '400': errorResponse('Invalid input (`BAD_REQUEST`, with `issues`)'),
  '401': errorResponse('Missing or invalid token (`UNAUTHORIZED`)'),
  '403': errorResponse('Role or subject not allowed (`FORBIDDEN`)'),
  '404': errorResponse('No such user or export in the caller’s tenant (`NOT_FOUND`)'),
  '429': errorResponse('Rate limited (`TOO_MANY_REQUESTS`, `Retry-After`)'),
  '503': errorResponse('A service the export reads is unavailable (`SERVICE_UNAVAILABLE`)'),
};

/**
 * The streamed downloads, served by plain HTTP routes beside the REST ones (their bodies are
 * files, not JSON results), so they are added to the generated document by hand.
 */
export const exportDownloadPaths: Paths = {
  '/exports/users/{appUserId}': {
    get: {
      operationId: 'exports-user-download',
      tags: ['exports'],
      summary:
        'A user’s data: FHIR R4 Bundle, Open mHealth data points, or everything held (streamed; the user or a tenant admin)',
      security: [{ bearer: [] }],
      parameters: [
        { name: 'appUserId', in: 'path', required: true, schema: { type: 'string' } },
        {
          name: 'format',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['fhir', 'omh', 'json'], default: 'json' },
        },
      ],
      responses: {
        '200': {
          description: 'The export, as an attachment',
          content: {
            'application/fhir+json': { schema: { type: 'object' } },
            'application/json': { schema: {} },
          },
        },
        ...errors,
      },
    },
  },
  '/exports/research/{exportId}/csv': {
    get: {
      operationId: 'exports-research-download',
      tags: ['exports'],
      summary:
        'Download a research export once: de-identified, k-anonymous nightly facts as CSV (streamed; admins)',
      security: [{ bearer: [] }],
      parameters: [
        {
          name: 'exportId',
          in: 'path',
          required: true,
          schema: { type: 'string', format: 'uuid' },
        },
      ],
      responses: {
        '200': {
          description: 'The CSV, header first; progress at `GET /exports/research/{exportId}`',
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        '409': errorResponse('Already downloaded or being downloaded (`CONFLICT`)'),
        ...errors,
      },
    },
  },
} as Paths;
