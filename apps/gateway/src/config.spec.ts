import { ConfigError, loadConfig } from '@sleep/service-kit';
import { envSchema } from './config';

describe('gateway configuration', () => {
  it('starts with nothing set in development: a dev secret and KEK', () => {
    const config = loadConfig(envSchema, {});
    expect(config.JWT_SECRET).toBeDefined();
    expect(config.TENANT_KEK).toHaveLength(32);
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('refuses to boot in production without a signing key source and a KEK, naming them', () => {
    const run = () => loadConfig(envSchema, { NODE_ENV: 'production' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(
      /JWT_JWKS_URL: required in production[\s\S]*TENANT_KEK: required in production/,
    );
  });

  it('refuses to boot in production without Redis: per-replica limits would multiply them', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'https://id.example.com/jwks',
      TENANT_KEK: Buffer.alloc(32, 7).toString('base64'),
    };
    expect(() => loadConfig(envSchema, production)).toThrow(/REDIS_URL: required in production/);
    const config = loadConfig(envSchema, { ...production, REDIS_URL: 'redis://redis:6379' });
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

  it('uses the JWKS URL instead of a secret when given', () => {
    const config = loadConfig(envSchema, {
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'https://id.example.com/jwks',
      TENANT_KEK: Buffer.alloc(32, 7).toString('base64'),
      REDIS_URL: 'redis://redis:6379',
    });
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.JWT_JWKS_URL).toBe('https://id.example.com/jwks');
  });
});
