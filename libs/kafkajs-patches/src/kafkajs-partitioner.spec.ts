import { randomBytes, randomInt } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { DefaultPartitioner, murmur2 } from './kafkajs-partitioner';

const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  key: Buffer | string,
) => number;

describe('DefaultPartitioner', () => {
  it('hashes as kafkajs does: random bytes and strings of every length remainder', () => {
    for (let round = 0; round < 2_000; round++) {
      const bytes = randomBytes(randomInt(0, 80));
      expect(murmur2(bytes)).toBe(kafkajsMurmur2(bytes));
      const text = `${bytes.toString('base64')}é✓${round}`.slice(0, randomInt(0, 60));
      expect(murmur2(text)).toBe(kafkajsMurmur2(text));
    }
  });

  it("matches the Java client's murmur2 on known keys", () => {
    // Values of org.apache.kafka.common.utils.Utils.murmur2 for these UTF-8 keys.
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
    expect(murmur2('a-little-bit-long-string')).toBe(-985981536);
    expect(murmur2('a-little-bit-longer-string')).toBe(-1486304829);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
    expect(murmur2('abc')).toBe(479470107);
  });

  it('puts every key on the partition kafkajs puts it on', () => {
    const ours = DefaultPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2, 3, 4, 5].map((partitionId) => ({
      partitionId,
      leader: 1,
      replicas: [1],
      isr: [1],
      partitionErrorCode: 0,
    }));
    for (let round = 0; round < 500; round++) {
      const message = { key: `G-${randomBytes(12).toString('hex')}-${round}`, value: 'x' };
      const args = { topic: 'asleep.webhooks.v1', partitionMetadata, message };
      expect(ours(args)).toBe(theirs(args));
    }
  });
});
