import { generateKeyPairSync } from 'node:crypto';
import { publicKeyOf } from '@sleep/messaging';
import {
  ConfigError,
  DEV_EVENT_VERIFY_KEY,
  DEV_TENANT_KEK,
  DEVELOPMENT_SERVICE_KEYS,
  loadConfig,
} from '@sleep/service-kit';
import { envSchema } from './config';

const publicKey = (kid: string) => {
  const { d: _d, ...jwk } = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return { ...jwk, kid };
};
/** What a production deployment sets, none of it a development value. */
const production = {
  NODE_ENV: 'production',
  TENANT_KEK: Buffer.alloc(32, 7).toString('base64'),
  EVENT_VERIFY_KEYS: publicKeyOf(Buffer.alloc(32, 9).toString('base64')),
  SERVICE_TOKEN_TRUSTED_KEYS: JSON.stringify({
    gateway: [publicKey('gateway-1')],
    'analytics-service': [publicKey('analytics-service-1')],
  }),
};

describe('session-service configuration', () => {
  it('has defaults for everything it adds', () => {
    const config = loadConfig(envSchema, {});
    expect(config).toMatchObject({
      PORT: 3002,
      SESSION_GROUP_ID: 'session-service',
      KAFKA_SESSION_TIMEOUT_MS: 30_000,
      ASLEEP_BASE_URL: 'https://api.asleep.ai',
      SESSION_RECOVERY_AFTER_MS: 7_200_000,
      SESSION_RECOVERY_INTERVAL_MS: 60_000,
      DATABASE_POOL_SIZE: 10,
      SESSION_READ_POOL_SIZE: 4,
    });
    expect(config.TENANT_KEK).toHaveLength(32);
    expect(config.TENANT_KEK_PREVIOUS).toEqual([]);
    // Tenants' keys come from the gateway's sealed announcements, never from a static list.
    expect(config).not.toHaveProperty('ASLEEP_API_KEYS');
  });

  it('names a malformed key-encryption key without echoing it', () => {
    const run = () => loadConfig(envSchema, { TENANT_KEK: 'not-a-key-secret-one' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/TENANT_KEK: expected 32 random bytes/);
    expect(run).not.toThrow(/secret-one/);
  });

  it('refuses a consumer session timeout the broker would refuse', () => {
    expect(() => loadConfig(envSchema, { KAFKA_SESSION_TIMEOUT_MS: '1000' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS/,
    );
  });

  it('trusts the development keys of its callers in development only', () => {
    const development = loadConfig(envSchema, {});
    expect(Object.keys(development.SERVICE_TOKEN_TRUSTED_KEYS).sort()).toEqual([
      'analytics-service',
      'gateway',
    ]);
    expect(() => loadConfig(envSchema, { NODE_ENV: 'production' })).toThrow(
      /SERVICE_TOKEN_TRUSTED_KEYS: required in production/,
    );
    const { d: _d, ...devGateway } = DEVELOPMENT_SERVICE_KEYS['gateway'];
    expect(() =>
      loadConfig(envSchema, {
        NODE_ENV: 'production',
        SERVICE_TOKEN_TRUSTED_KEYS: JSON.stringify({ gateway: [devGateway] }),
      }),
    ).toThrow(/SERVICE_TOKEN_TRUSTED_KEYS/);
    // Only its callers may be named: webhook-ingest never calls it.
    expect(() =>
      loadConfig(envSchema, {
        SERVICE_TOKEN_TRUSTED_KEYS: JSON.stringify({ 'webhook-ingest': [devGateway] }),
      }),
    ).toThrow(/SERVICE_TOKEN_TRUSTED_KEYS/);
  });

  it('refuses in production a missing KEK and, by value, the development KEK and event key', () => {
    expect(loadConfig(envSchema, production).TENANT_KEK).toEqual(Buffer.alloc(32, 7));
    const { TENANT_KEK: _kek, ...withoutKek } = production;
    expect(() => loadConfig(envSchema, withoutKek)).toThrow(/TENANT_KEK: required in production/);
    const run = () =>
      loadConfig(envSchema, {
        ...production,
        TENANT_KEK: DEV_TENANT_KEK,
        TENANT_KEK_PREVIOUS: 'ZGV2ZWxvcG1lbnQta2VrLW5vdC1mb3ItcHJvZCEhISE=',
        EVENT_VERIFY_KEYS: DEV_EVENT_VERIFY_KEY,
      });
    for (const variable of ['TENANT_KEK', 'TENANT_KEK_PREVIOUS', 'EVENT_VERIFY_KEYS'])
      expect(run).toThrow(new RegExp(`${variable}: .*(development|required)`));
  });
});
