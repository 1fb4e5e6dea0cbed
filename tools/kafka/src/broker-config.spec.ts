import { join } from 'node:path';
import { randomClusterId, serverProperties } from './broker-config';
import { isBrokerOf } from './broker-process';
import { cacheRoot, defaultStateDir, jarsDir, kafkaVersion } from './kafka-paths';

describe('broker configuration', () => {
  it('listens on loopback with the controller on its own port', () => {
    const text = serverProperties({ port: 1234, controllerPort: 1235, dataDir: '/tmp/data' });
    expect(text).toContain('listeners=PLAINTEXT://127.0.0.1:1234,CONTROLLER://127.0.0.1:1235\n');
    expect(text).toContain('controller.quorum.voters=1@127.0.0.1:1235\n');
    expect(text).toContain('auto.create.topics.enable=false\n');
    expect(text).toContain('log.dirs=/tmp/data\n');
  });

  it('lets overrides replace defaults', () => {
    const text = serverProperties({
      port: 1,
      controllerPort: 2,
      dataDir: '/d',
      overrides: { 'num.partitions': 6 },
    });
    expect(text.match(/^num\.partitions=.*$/gm)).toEqual(['num.partitions=6']);
  });

  it('makes cluster ids the way kafka-storage random-uuid does', () => {
    for (let i = 0; i < 200; i++)
      expect(randomClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});

describe('paths', () => {
  it('derives cache and state folders from the environment', () => {
    const env = { SLEEP_CACHE_DIR: '/c', SLEEP_STATE_DIR: '/s' };
    expect(cacheRoot(env)).toBe('/c');
    expect(jarsDir('3.9.2', env)).toBe('/c/kafka-3.9.2/libs');
    expect(defaultStateDir(9092, env)).toBe('/s/kafka-9092');
    expect(defaultStateDir(9092, { XDG_CACHE_HOME: '/x' })).toBe(
      '/x/sleep-platform/state/kafka-9092',
    );
  });

  it('reads the Kafka version from the pom', () => {
    expect(kafkaVersion()).toMatch(/^3\.9\.\d+$/);
  });
});

describe('pid checks', () => {
  it('does not take an unrelated live process for a broker', () => {
    expect(isBrokerOf(process.pid, join('/nonexistent', 'kafka-1'))).toBe(false);
  });
});
