import { openApiDocument } from '../openapi/openapi-document';

describe('OpenAPI document', () => {
  const document = openApiDocument('https://api.example.com');

  it('is OpenAPI 3.1 with bearer auth and the REST base path', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers?.[0].url).toBe('https://api.example.com/api');
    expect(document.components?.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it("covers the seed's proxy endpoints and every procedure but the subscriptions", () => {
    const routes = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /users',
        'GET /sessions/{sessionId}',
        'GET /sessions',
        'GET /statistics',
        'GET /me',
        'DELETE /user',
        'GET /analytics/score',
        'GET /analytics/nights',
        'GET /analytics/average',
        'GET /analytics/regularity',
        'GET /analytics/trends',
        'GET /analytics/reports',
        'GET /analytics/report',
        'GET /analytics/insights',
        'PUT /analytics/score-weights',
        'GET /analytics/rules',
        'PUT /analytics/rules',
        'GET /org/stats',
        'GET /org/breakdown',
        'PUT /user/tags',
        'GET /org/settings',
        'PATCH /org/settings',
        'GET /org/settings/history',
        'GET /audit',
        'POST /platform/tenants/{tenantId}/disable',
        'POST /platform/tenants/{tenantId}/enable',
        'DELETE /platform/tenants/{tenantId}',
        'POST /exports/research',
        'GET /exports/research/{exportId}',
        'GET /exports/users/{appUserId}',
        'GET /exports/research/{exportId}/csv',
      ]),
    );
    expect(routes).toHaveLength(42);
  });

  it('documents the night it returns, stage arrays included', () => {
    const get = (
      document.paths?.['/sessions/{sessionId}'] as {
        get: { responses: Record<string, { content: Record<string, { schema: object }> }> };
      }
    ).get;
    const schema = JSON.stringify(get.responses['200'].content['application/json'].schema);
    expect(schema).toContain('sleep_stages');
    expect(schema).toContain('sleep_efficiency');
  });
});
