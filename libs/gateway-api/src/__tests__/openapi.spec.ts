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
        'POST /webhooks/endpoints',
        'GET /webhooks/endpoints',
        'GET /webhooks/endpoints/{endpointId}',
        'PATCH /webhooks/endpoints/{endpointId}',
        'DELETE /webhooks/endpoints/{endpointId}',
        'POST /webhooks/endpoints/{endpointId}/rotate-secret',
        'GET /webhooks/deliveries',
        'POST /webhooks/replay',
        'GET /sync/changes',
        'POST /exports/research',
        'GET /exports/research/{exportId}',
        'GET /exports/users/{appUserId}',
        'GET /exports/research/{exportId}/csv',
      ]),
    );
    expect(routes).toHaveLength(51);
  });

  it('documents the change feed: a page of changes, or resync with its reason', () => {
    const text = JSON.stringify(document.paths?.['/sync/changes']);
    for (const word of ['cursor', 'limit', 'resync', 'cursor_expired', 'cursor_unknown', 'hasMore'])
      expect(text).toContain(word);
    for (const type of ['session.completed', 'report.created', 'user.deleted'])
      expect(text).toContain(type);
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
