import { generateKeyPairSync } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import pino from 'pino';
import { DEVELOPMENT_SERVICE_KEYS, envTrustedServiceKeys, type ServiceJwk } from './service-keys';
import { requireServiceToken, serviceCallerOf } from './require-service-token';
import { SERVICE_TOKEN_TTL_SECONDS, ServiceTokenSigner } from './service-token.signer';
import { ServiceTokenVerifier } from './service-token.verifier';

const freshKey = (kid: string): ServiceJwk => ({
  ...(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as ServiceJwk),
  kid,
});
const publicOf = ({ d: _d, ...key }: ServiceJwk) => key;

describe('service tokens between services', () => {
  const gateway = DEVELOPMENT_SERVICE_KEYS['gateway'];
  const analytics = DEVELOPMENT_SERVICE_KEYS['analytics-service'];
  const rotated = freshKey('gateway-2');
  let server: FastifyInstance;

  beforeAll(async () => {
    const verifier = new ServiceTokenVerifier('session-service', {
      gateway: [publicOf(gateway), publicOf(rotated)],
      'analytics-service': [publicOf(analytics)],
    });
    server = Fastify();
    await server.register(async (scope) => {
      scope.addHook(
        'onRequest',
        requireServiceToken({
          verifier,
          prefix: '/rpc',
          procedures: { gateway: '*', 'analytics-service': ['streamCompleted'] },
          logger: pino({ level: 'silent' }),
        }),
      );
      scope.get('/rpc/*', async (request) => ({
        caller: serviceCallerOf(request),
        tenantId: (request.query as { tenantId?: string }).tenantId,
      }));
    });
    await server.ready();
  });
  afterAll(() => server.close());

  const call = (authorization?: string, path = '/rpc/getSession?tenantId=acme') =>
    server.inject({ method: 'GET', url: path, headers: authorization ? { authorization } : {} });
  const bearer = async (signer: ServiceTokenSigner, audience = 'session-service') =>
    (await signer.headers(audience)).authorization;

  it('admits a caller with a valid token and tells the handler who it is', async () => {
    const response = await call(await bearer(new ServiceTokenSigner('gateway', gateway)));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ caller: 'gateway', tenantId: 'acme' });
  });

  it('refuses a call without a token with 401, before reading its tenant', async () => {
    const response = await call();
    expect(response.statusCode).toBe(401);
    expect(response.body).not.toContain('acme');
    expect((await call('Bearer not-a-token')).statusCode).toBe(401);
  });

  it('refuses a token for another service, from an unknown key, or one caller posing as another', async () => {
    expect(
      (await call(await bearer(new ServiceTokenSigner('gateway', gateway), 'analytics-service')))
        .statusCode,
    ).toBe(401);
    expect(
      (await call(await bearer(new ServiceTokenSigner('gateway', freshKey('gateway-1')))))
        .statusCode,
    ).toBe(401);
    // analytics-service's own key does not vouch for the gateway.
    const posing = new ServiceTokenSigner('gateway', analytics);
    expect((await call(await bearer(posing))).statusCode).toBe(401);
  });

  it('refuses an expired token and a token of another algorithm', async () => {
    const past = Date.now() - (SERVICE_TOKEN_TTL_SECONDS + 30) * 1000;
    const old = new ServiceTokenSigner('gateway', gateway, () => past);
    expect((await call(await bearer(old))).statusCode).toBe(401);
    const hs256 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: gateway.kid })
      .setIssuer('gateway')
      .setAudience('session-service')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(gateway.x));
    expect((await call(`Bearer ${hs256}`)).statusCode).toBe(401);
  });

  it('accepts every configured key of a caller during a rotation', async () => {
    const response = await call(await bearer(new ServiceTokenSigner('gateway', rotated)));
    expect(response.statusCode).toBe(200);
  });

  it('refuses with 403 a procedure the caller may not call, even inside a batch', async () => {
    const signer = new ServiceTokenSigner('analytics-service', analytics);
    expect((await call(await bearer(signer), '/rpc/streamCompleted?batch=1')).statusCode).toBe(200);
    expect(
      (await call(await bearer(signer), '/rpc/streamCompleted,deleteSession?batch=1')).statusCode,
    ).toBe(403);
  });

  it('reuses a token for half its life, then mints a new one', async () => {
    let now = Date.now();
    const signer = new ServiceTokenSigner('gateway', gateway, () => now);
    const first = await signer.token('session-service');
    expect(await signer.token('session-service')).toBe(first);
    now += (SERVICE_TOKEN_TTL_SECONDS / 2) * 1000 + 1000;
    expect(await signer.token('session-service')).not.toBe(first);
  });

  it('reads trusted keys from configuration, only for the callers it expects', () => {
    const schema = envTrustedServiceKeys(['gateway']);
    expect(schema.parse(undefined)).toEqual({ gateway: [publicOf(gateway)] });
    const configured = JSON.stringify({ gateway: [publicOf(rotated), rotated] });
    expect(() => schema.parse(configured)).toThrow(/unique/);
    expect(() => schema.parse(JSON.stringify({ 'webhook-ingest': [publicOf(rotated)] }))).toThrow();
    const parsed = schema.parse(JSON.stringify({ gateway: [rotated] }));
    expect(parsed['gateway']?.[0]).not.toHaveProperty('d');
  });
});
