import { DEV_EVENT_SIGNING_SEED, publicKeyOf } from '@sleep/messaging';
import { baseEnvSchema } from './base-env';
import { loadConfig } from './config';
import { DEV_EVENT_VERIFY_KEY, envEventSigningKey, refuseDevelopmentEventKeys } from './event-keys';

const schema = baseEnvSchema(3000)
  .extend({ EVENT_SIGNING_KEY: envEventSigningKey() })
  .superRefine(refuseDevelopmentEventKeys);
const realSeed = Buffer.alloc(32, 9).toString('base64');
const realKey = publicKeyOf(realSeed);

describe('event keys in production', () => {
  it('verifies with the development key in development only', () => {
    expect(loadConfig(schema, {}).EVENT_VERIFY_KEYS).toEqual([DEV_EVENT_VERIFY_KEY]);
    expect(() => loadConfig(schema, { NODE_ENV: 'production' })).toThrow(
      /EVENT_VERIFY_KEYS: required in production; the development key is refused/,
    );
  });

  it('refuses the development verify key by value, also beside a real one', () => {
    expect(() =>
      loadConfig(schema, {
        NODE_ENV: 'production',
        EVENT_VERIFY_KEYS: `${realKey},${DEV_EVENT_VERIFY_KEY}`,
      }),
    ).toThrow(/EVENT_VERIFY_KEYS/);
    const config = loadConfig(schema, { NODE_ENV: 'production', EVENT_VERIFY_KEYS: realKey });
    expect(config.EVENT_VERIFY_KEYS).toEqual([realKey]);
  });

  it('refuses the development signing seed by value', () => {
    expect(() =>
      loadConfig(schema, {
        NODE_ENV: 'production',
        EVENT_VERIFY_KEYS: realKey,
        EVENT_SIGNING_KEY: DEV_EVENT_SIGNING_SEED,
      }),
    ).toThrow(/EVENT_SIGNING_KEY: the development value is refused in production/);
    expect(
      loadConfig(schema, {
        NODE_ENV: 'production',
        EVENT_VERIFY_KEYS: realKey,
        EVENT_SIGNING_KEY: realSeed,
      }).EVENT_SIGNING_KEY,
    ).toBe(realSeed);
  });
});
