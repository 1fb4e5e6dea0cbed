import { startApp } from '@sleep/testkit';

describe('a service with bad configuration', () => {
  it.each([
    ['PORT', 'not-a-port'],
    ['KAFKA_BROKERS', 'no port here'],
    ['DATABASE_URL', 'mysql://wrong'],
    ['LOG_LEVEL', 'loud'],
  ])(
    'refuses to boot when %s is %p, naming the variable',
    async (variable, value) => {
      const app = await startApp('session-service', { [variable]: value });
      const { code } = await app.exited;
      expect(code).toBe(1);
      expect(app.output()).toContain(`Invalid configuration`);
      expect(app.output()).toContain(`${variable}:`);
    },
    30_000,
  );
});
