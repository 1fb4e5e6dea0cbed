import { applyKafkajsRefusalFix } from './kafkajs-refusal-fix';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const BrokerPool = require('kafkajs/src/cluster/brokerPool');

/** A pool of two brokers, without connecting anywhere. */
function pool() {
  const brokerPool = Object.create(BrokerPool.prototype);
  brokerPool.brokers = { 1: {}, 2: {} };
  brokerPool.findBroker = async () => ({});
  return brokerPool as { withBroker(callback: () => Promise<unknown>): Promise<unknown> };
}

describe('kafkajs refusal fix', () => {
  beforeAll(() => applyKafkajsRefusalFix());

  it('rethrows an ACL refusal that every broker gave, instead of "not found"', async () => {
    const refused = Object.assign(new Error('Not authorized to access group'), {
      type: 'GROUP_AUTHORIZATION_FAILED',
    });
    await expect(
      pool().withBroker(async () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
  });

  it('keeps kafkajs behaviour for other failures and for a broker that answers', async () => {
    await expect(
      pool().withBroker(async () => {
        throw Object.assign(new Error('busy'), { type: 'GROUP_COORDINATOR_NOT_AVAILABLE' });
      }),
    ).resolves.toBeNull();
    let calls = 0;
    await expect(
      pool().withBroker(async () => {
        calls += 1;
        if (calls === 1)
          throw Object.assign(new Error('no'), { type: 'GROUP_AUTHORIZATION_FAILED' });
        return 'coordinator';
      }),
    ).resolves.toBe('coordinator');
  });

  it('is applied once however often it is called', () => {
    const patched = BrokerPool.prototype.withBroker;
    applyKafkajsRefusalFix();
    expect(BrokerPool.prototype.withBroker).toBe(patched);
  });
});
