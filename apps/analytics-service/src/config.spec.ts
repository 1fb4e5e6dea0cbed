import { generateKeyPairSync } from 'node:crypto';
import { publicKeyOf } from '@sleep/messaging';
import { DEV_EVENT_VERIFY_KEY, loadConfig } from '@sleep/service-kit';
import { envSchema } from './config';

const { d: _d, ...gatewayKey } = generateKeyPairSync('ed25519').privateKey.export({
  format: 'jwk',
});
/** What a production deployment sets, none of it a development value. */
const production = {
  NODE_ENV: 'production',
  SERVICE_TOKEN_TRUSTED_KEYS: JSON.stringify({ gateway: [{ ...gatewayKey, kid: 'gateway-1' }] }),
  EVENT_VERIFY_KEYS: publicKeyOf(Buffer.alloc(32, 9).toString('base64')),
};

describe('analytics-service configuration', () => {
  it('boots in production with real keys', () => {
    expect(loadConfig(envSchema, production).EVENT_VERIFY_KEYS).toEqual([
      production.EVENT_VERIFY_KEYS,
    ]);
  });

  it('refuses in production the development keys of its callers and of user announcements', () => {
    const { EVENT_VERIFY_KEYS: _keys, ...withoutVerifyKeys } = production;
    expect(() => loadConfig(envSchema, withoutVerifyKeys)).toThrow(
      /EVENT_VERIFY_KEYS: required in production/,
    );
    expect(() =>
      loadConfig(envSchema, { ...production, EVENT_VERIFY_KEYS: DEV_EVENT_VERIFY_KEY }),
    ).toThrow(/EVENT_VERIFY_KEYS/);
    expect(() => loadConfig(envSchema, { NODE_ENV: 'production' })).toThrow(
      /SERVICE_TOKEN_TRUSTED_KEYS: required in production/,
    );
  });
});
