import { webhookFetch } from './consumer-config';

describe('webhookFetch', () => {
  const base = { sessionTimeout: 6_000, heartbeatInterval: 2_000, maxWaitTimeInMs: 500 };

  it('fetches 4 MiB a partition (about 200 SESSION_COMPLETE), enough in all for six partitions', () => {
    expect(webhookFetch(base)).toMatchObject({
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxBytes: 6 * 4 * 1024 * 1024,
    });
  });

  it('keeps the shared settings', () => {
    expect(webhookFetch(base)).toMatchObject(base);
  });
});
