import { join } from 'node:path';
import { publicKeyOf } from '@sleep/messaging';
import { ConfigError, DEV_EVENT_VERIFY_KEY, loadConfig } from '@sleep/service-kit';
import { envSchema } from './config';

const errorOf = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(envSchema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('webhook-ingest configuration', () => {
  it('has defaults fit for a 24-hour night and a spool under STATE_DIR', () => {
    const config = loadConfig(envSchema, { STATE_DIR: '/srv/state' });
    expect(config.PORT).toBe(3001);
    expect(config.WEBHOOK_API_KEYS).toEqual([]);
    expect(config.WEBHOOK_BODY_LIMIT_BYTES).toBe(256 * 1024);
    expect(config.WEBHOOK_PRODUCE_TIMEOUT_MS).toBe(2_000);
    expect(config.SPOOL_DIR).toBe(join('/srv/state', 'spool', 'webhook-ingest'));
    expect(config.SPOOL_MAX_BYTES).toBe(512 * 1024 * 1024);
    expect(config.WEBHOOK_COMPRESSION).toBe('lz4');
  });

  it('sends webhooks to Kafka uncompressed on request, and refuses an unknown codec', () => {
    expect(loadConfig(envSchema, { WEBHOOK_COMPRESSION: 'none' }).WEBHOOK_COMPRESSION).toBe('none');
    expect(errorOf({ WEBHOOK_COMPRESSION: 'zip' })).toMatch(/^ {2}WEBHOOK_COMPRESSION: /m);
  });

  it('reads tenant:key pairs, several keys per tenant, keys containing colons', () => {
    const config = loadConfig(envSchema, {
      WEBHOOK_API_KEYS: ' acme:k1, acme:k2 ,globex:g:with:colons,',
      SPOOL_DIR: '/x',
    });
    expect(config.WEBHOOK_API_KEYS).toEqual([
      { tenantId: 'acme', key: 'k1' },
      { tenantId: 'acme', key: 'k2' },
      { tenantId: 'globex', key: 'g:with:colons' },
    ]);
    expect(config.SPOOL_DIR).toBe('/x');
  });

  it.each([
    ['no-colon-secret-value', 'entry 1: expected tenant:key'],
    [':secret-value', 'entry 1: expected tenant:key'],
    ['acme:', 'entry 1: expected tenant:key'],
    ['acme:k1,bad tenant:secret-value', 'entry 2: tenant id'],
    ['acme:secret value', 'entry 1: key must be printable'],
    ['acme:secret-value,globex:secret-value', 'entry 2: key already configured'],
  ])('refuses WEBHOOK_API_KEYS=%j, naming the entry and never the key', (value, expected) => {
    const message = errorOf({ WEBHOOK_API_KEYS: value });
    expect(message).toContain(`WEBHOOK_API_KEYS: ${expected}`);
    expect(message).not.toContain('secret');
  });

  it('caps the body limit so an envelope or dead letter still fits one Kafka message', () => {
    expect(errorOf({ WEBHOOK_BODY_LIMIT_BYTES: '2000000' })).toMatch(
      /^ {2}WEBHOOK_BODY_LIMIT_BYTES: /m,
    );
    expect(errorOf({ SPOOL_MAX_BYTES: '10' })).toMatch(/^ {2}SPOOL_MAX_BYTES: /m);
  });

  it('verifies tenant announcements with a real key in production, never the development one', () => {
    expect(errorOf({ NODE_ENV: 'production' })).toMatch(
      /EVENT_VERIFY_KEYS: required in production/,
    );
    expect(errorOf({ NODE_ENV: 'production', EVENT_VERIFY_KEYS: DEV_EVENT_VERIFY_KEY })).toMatch(
      /EVENT_VERIFY_KEYS: .*development key is refused/,
    );
    const key = publicKeyOf(Buffer.alloc(32, 9).toString('base64'));
    const config = loadConfig(envSchema, { NODE_ENV: 'production', EVENT_VERIFY_KEYS: key });
    expect(config.EVENT_VERIFY_KEYS).toEqual([key]);
  });
});
