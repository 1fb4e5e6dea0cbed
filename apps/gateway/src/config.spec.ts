import { generateKeyPairSync } from 'node:crypto';
import { DEV_EVENT_SIGNING_SEED, publicKeyOf } from '@sleep/messaging';
import {
  ConfigError,
  DEV_EVENT_VERIFY_KEY,
  DEVELOPMENT_SERVICE_KEYS,
  loadConfig,
} from '@sleep/service-kit';
import { DEV_JWT_SECRET, envSchema } from './config';

const serviceKey = JSON.stringify({
  ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }),
  kid: 'gateway-1',
});
/** What a production deployment sets, none of it a development value. */
const production = {
  NODE_ENV: 'production',
  JWT_JWKS_URL: 'https://id.example.com/jwks',
  JWT_ISSUER: 'https://id.example.com/',
  TENANT_KEK: Buffer.alloc(32, 7).toString('base64'),
  SERVICE_TOKEN_KEY: serviceKey,
  EVENT_SIGNING_KEY: Buffer.alloc(32, 9).toString('base64'),
  EVENT_VERIFY_KEYS: publicKeyOf(Buffer.alloc(32, 9).toString('base64')),
  REDIS_URL: 'redis://redis:6379',
};

describe('gateway configuration', () => {
  it('starts with nothing set in development: a dev secret and KEK', () => {
    const config = loadConfig(envSchema, {});
    expect(config.JWT_SECRET).toBeDefined();
    expect(config.TENANT_KEK).toHaveLength(32);
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('sends outbound webhooks over https to public addresses unless told otherwise', () => {
    const config = loadConfig(envSchema, production);
    expect(config.WEBHOOK_ALLOW_HTTP).toBe(false);
    expect(config.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(config.WEBHOOK_RETRY_HORIZON_MS).toBe(3 * 24 * 3_600_000);
    expect(
      loadConfig(envSchema, { ...production, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })
        .WEBHOOK_ALLOW_PRIVATE_TARGETS,
    ).toBe(true);
    expect(() => loadConfig(envSchema, { WEBHOOK_ALLOW_HTTP: 'perhaps' })).toThrow(
      /WEBHOOK_ALLOW_HTTP/,
    );
  });

  it('refuses to boot in production without a signing key source and a KEK, naming them', () => {
    const run = () => loadConfig(envSchema, { NODE_ENV: 'production' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/EVENT_VERIFY_KEYS: required in production/);
    for (const variable of ['JWT_JWKS_URL', 'TENANT_KEK', 'EVENT_SIGNING_KEY'])
      expect(run).toThrow(new RegExp(`${variable}: required in production`));
  });

  it('refuses to boot in production without Redis: per-replica limits would multiply them', () => {
    const { REDIS_URL: _redis, ...withoutRedis } = production;
    expect(() => loadConfig(envSchema, withoutRedis)).toThrow(/REDIS_URL: required in production/);
    const config = loadConfig(envSchema, { ...withoutRedis, REDIS_URL: 'redis://redis:6379' });
    expect(config.REDIS_URL).toBe('redis://redis:6379');
  });

  it('names bad secrets without echoing them', () => {
    const secret = 'tooshort-secret';
    const kek = 'bm90LTMyLWJ5dGVz';
    try {
      loadConfig(envSchema, {
        JWT_SECRET: secret,
        TENANT_KEK: kek,
        TENANT_KEK_PREVIOUS: kek,
        REDIS_URL: 'https://x',
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/JWT_SECRET/);
      expect(message).toMatch(/TENANT_KEK:/);
      expect(message).toMatch(/TENANT_KEK_PREVIOUS/);
      expect(message).toMatch(/REDIS_URL/);
      expect(message).not.toContain(secret);
      expect(message).not.toContain(kek);
    }
  });

  it('refuses in production, by value, every development secret, key and the issuer', () => {
    const run = () =>
      loadConfig(envSchema, {
        ...production,
        JWT_JWKS_URL: '',
        JWT_SECRET: DEV_JWT_SECRET,
        JWT_ISSUER: 'sleep-platform-dev',
        // docker/dev.env's and the dev overlay's values are development ones too.
        TENANT_KEK: 'ZGV2ZWxvcG1lbnQta2VrLW5vdC1mb3ItcHJvZCEhISE=',
        TENANT_KEK_PREVIOUS: 'ZGV2ZWxvcG1lbnQta2VrLW5vdC1mb3ItcHJvZCEhISE=',
        SERVICE_TOKEN_KEY: JSON.stringify(DEVELOPMENT_SERVICE_KEYS['gateway']),
        EVENT_SIGNING_KEY: DEV_EVENT_SIGNING_SEED,
        EVENT_VERIFY_KEYS: DEV_EVENT_VERIFY_KEY,
      });
    expect(run).toThrow(ConfigError);
    for (const variable of [
      'JWT_SECRET',
      'JWT_ISSUER',
      'TENANT_KEK',
      'TENANT_KEK_PREVIOUS',
      'SERVICE_TOKEN_KEY',
      'EVENT_SIGNING_KEY',
      'EVENT_VERIFY_KEYS',
    ])
      expect(run).toThrow(new RegExp(`${variable}: .*(development|required)`));
    expect(() =>
      loadConfig(envSchema, {
        ...production,
        JWT_JWKS_URL: '',
        JWT_SECRET: 'sleep-platform-dev-only-jwt-secret-change-me-0123456789',
      }),
    ).toThrow(/JWT_SECRET: the development value is refused/);
    // The development issuer is the default: production must name its own.
    const { JWT_ISSUER: _issuer, ...withoutIssuer } = production;
    expect(() => loadConfig(envSchema, withoutIssuer)).toThrow(/JWT_ISSUER/);
    expect(() => loadConfig(envSchema, { ...production, SERVICE_TOKEN_KEY: '' })).toThrow(
      /SERVICE_TOKEN_KEY/,
    );
  });

  it('takes signing keys over https only, except from this machine', () => {
    expect(() => loadConfig(envSchema, { JWT_JWKS_URL: 'http://id.example.com/jwks' })).toThrow(
      /JWT_JWKS_URL: must be https/,
    );
    for (const url of ['http://127.0.0.1:9000/jwks', 'http://localhost/jwks', 'https://x/jwks'])
      expect(loadConfig(envSchema, { JWT_JWKS_URL: url }).JWT_JWKS_URL).toBe(url);
  });

  it('uses the JWKS URL instead of a secret when given', () => {
    const config = loadConfig(envSchema, production);
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.JWT_JWKS_URL).toBe('https://id.example.com/jwks');
  });
});
