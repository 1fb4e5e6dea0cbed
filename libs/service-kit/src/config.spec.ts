import { baseEnvSchema } from './base-env';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  const schema = baseEnvSchema(3002);

  it('applies defaults for unset and empty variables', () => {
    const config = loadConfig(schema, { PORT: '', KAFKA_BROKERS: undefined });
    expect(config).toMatchObject({
      PORT: 3002,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      SHUTDOWN_TIMEOUT_MS: 8000,
      DATABASE_POOL_SIZE: 10,
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('parses lists and numbers', () => {
    const config = loadConfig(schema, { PORT: '4000', KAFKA_BROKERS: 'a:1, b:2' });
    expect(config.PORT).toBe(4000);
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
  });

  it('names every bad variable and never echoes its value', () => {
    const run = () =>
      loadConfig(schema, {
        PORT: '70000',
        DATABASE_URL: 'mysql://user:hunter2@db/x',
        KAFKA_BROKERS: 'nope',
      });
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/^ {2}PORT: /m);
      expect(message).toMatch(/^ {2}DATABASE_URL: /m);
      expect(message).toMatch(/^ {2}KAFKA_BROKERS: .*\(at 0\)$/m);
      expect(message).not.toContain('hunter2');
    }
  });

  it('reads the trusted proxies as addresses and CIDRs, none by default', () => {
    expect(loadConfig(schema, {}).TRUSTED_PROXIES).toEqual([]);
    expect(
      loadConfig(schema, { TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1' }).TRUSTED_PROXIES,
    ).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => loadConfig(schema, { TRUSTED_PROXIES: 'everyone' })).toThrow(/TRUSTED_PROXIES/);
  });
});
