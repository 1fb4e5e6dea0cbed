import { ConfigError, DEVELOPMENT_SERVICE_KEYS, loadConfig } from '@sleep/service-kit';
import { envSchema } from './config';

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
    });
    expect(config.ASLEEP_API_KEYS.size).toBe(0);
  });

  it('reads one Asleep key per tenant; a key may contain colons', () => {
    const { ASLEEP_API_KEYS } = loadConfig(envSchema, { ASLEEP_API_KEYS: 'acme:k1, globex:k:2' });
    expect([...ASLEEP_API_KEYS]).toEqual([
      ['acme', 'k1'],
      ['globex', 'k:2'],
    ]);
  });

  it('names a malformed key list without echoing the keys', () => {
    const run = () => loadConfig(envSchema, { ASLEEP_API_KEYS: 'acme:secret-one,no-key-here' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/ASLEEP_API_KEYS: expected tenant:key pairs/);
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
});
